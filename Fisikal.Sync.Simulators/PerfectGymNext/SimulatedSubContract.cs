namespace Fisikal.Sync.Simulators.PerfectGymNext;

/// <summary>An add-on (<c>SubContract</c>): a module or a flat fee on a main contract.</summary>
public sealed record SimulatedSubContract
{
    public long Id { get; init; }

    public string RateName { get; init; } = "Add-on";

    public string StartDate { get; init; } = "2024-01-01";

    public string? EndDate { get; init; }

    public string PaymentFrequency { get; init; } = "RECURRING";

    public decimal Price { get; init; } = 9.90m;

    public bool Cancelled { get; init; }

    public string ContractStatus { get; init; } = "ACTIVE";
}
