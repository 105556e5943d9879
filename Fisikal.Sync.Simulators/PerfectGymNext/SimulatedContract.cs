namespace Fisikal.Sync.Simulators.PerfectGymNext;

/// <summary>A main contract as the Open API's <c>Contract</c> shows it, with its add-ons.</summary>
public sealed record SimulatedContract
{
    public long Id { get; init; }

    public string RateName { get; init; } = "Membership";

    public IReadOnlyList<SimulatedRateCode> RateCodes { get; init; } = [];

    public string CreatedDate { get; init; } = "2024-01-01";

    public string StartDate { get; init; } = "2024-01-01";

    public string? EndDate { get; init; }

    public string ContractStatus { get; init; } = "ACTIVE";

    public bool Cancelled { get; init; }

    public string? CancellationDate { get; init; }

    public IReadOnlyList<SimulatedSubContract> ModuleContracts { get; init; } = [];

    public IReadOnlyList<SimulatedSubContract> FlatFeeContracts { get; init; } = [];
}
