namespace Fisikal.Sync.Core.Sources.PerfectGymNext;

/// <summary>
/// What is still read of a contract that could not be: its id and its add-ons' ids. So its rows, and its add-ons', are
/// left as they are rather than expired for being missing.
/// </summary>
public sealed record PerfectGymNextContractIds
{
    public required long Id { get; init; }

    public IReadOnlyList<Add> ModuleContracts { get; init; } = [];

    public IReadOnlyList<Add> FlatFeeContracts { get; init; } = [];

    /// <summary>An add-on's id.</summary>
    public sealed record Add(long Id);
}
