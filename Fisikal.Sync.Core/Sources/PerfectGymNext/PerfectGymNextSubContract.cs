namespace Fisikal.Sync.Core.Sources.PerfectGymNext;

/// <summary>An add-on of a contract (<c>SubContract</c>): a module or a flat fee.</summary>
public sealed record PerfectGymNextSubContract
{
    public required long Id { get; init; }

    public required string RateName { get; init; }

    public DateOnly? StartDate { get; init; }

    public DateOnly? EndDate { get; init; }

    /// <summary>ACTIVE, INACTIVE, or a newer value: kept as it comes.</summary>
    public string? ContractStatus { get; init; }
}
