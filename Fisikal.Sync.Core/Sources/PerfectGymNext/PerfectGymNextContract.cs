namespace Fisikal.Sync.Core.Sources.PerfectGymNext;

/// <summary>A customer's main contract (<c>Contract</c>) with its add-ons.</summary>
public sealed record PerfectGymNextContract
{
    public required long Id { get; init; }

    public required string RateName { get; init; }

    public IReadOnlyList<PerfectGymNextRateCode> RateCodes { get; init; } = [];

    public DateOnly? CreatedDate { get; init; }

    public DateOnly? StartDate { get; init; }

    public DateOnly? EndDate { get; init; }

    /// <summary>ACTIVE, INACTIVE, or a newer value: kept as it comes.</summary>
    public string? ContractStatus { get; init; }

    public bool Cancelled { get; init; }

    public DateOnly? CancellationDate { get; init; }

    public IReadOnlyList<PerfectGymNextSubContract> ModuleContracts { get; init; } = [];

    public IReadOnlyList<PerfectGymNextSubContract> FlatFeeContracts { get; init; } = [];
}
