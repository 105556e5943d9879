namespace Fisikal.Sync.Core.Sources.PerfectGymNext;

/// <summary>
/// A customer's main contract (<c>Contract</c>) with its add-ons: the fields the package rules need. <c>cancelled</c>
/// and <c>cancellationDate</c> are not read: notice given does not end a contract, its <see cref="EndDate"/> does.
/// </summary>
public sealed record PerfectGymNextContract
{
    public required long Id { get; init; }

    public required string RateName { get; init; }

    public IReadOnlyList<PerfectGymNextRateCode> RateCodes { get; init; } = [];

    public DateOnly? StartDate { get; init; }

    public DateOnly? EndDate { get; init; }

    /// <summary>ACTIVE, INACTIVE, or a newer value: kept as it comes.</summary>
    public string? ContractStatus { get; init; }

    public IReadOnlyList<PerfectGymNextSubContract> ModuleContracts { get; init; } = [];

    public IReadOnlyList<PerfectGymNextSubContract> FlatFeeContracts { get; init; } = [];
}
