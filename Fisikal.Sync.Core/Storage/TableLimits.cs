namespace Fisikal.Sync.Core.Storage;

/// <summary>Azure Table Storage's limits (which Azurite does not enforce), in one place.</summary>
public static class TableLimits
{
    /// <summary>Entities in one entity group transaction.</summary>
    public const int EntitiesPerTransaction = 100;
}
