namespace Fisikal.Sync.Core.Sources;

/// <summary>
/// Something a member bought, as every source describes one: its kind and id (the client package's
/// RowKey, <c>{kind}:{id}</c>), the package Alt IDs that may stand for it in order of preference, its
/// dates, and whether the source still counts it as running.
/// </summary>
public sealed record SourcePurchase(
    string Kind,
    string SourceId,
    IReadOnlyList<string> AltIdCandidates,
    DateOnly? StartDate,
    DateOnly? EndDate,
    bool Running,
    string? LocationId = null,
    string? LocationTierAltId = null)
{
    /// <summary>The client package's RowKey.</summary>
    public string RowKey => RowKeyOf(Kind, SourceId);

    public static string RowKeyOf(string kind, string sourceId) => $"{kind}:{sourceId}";
}
