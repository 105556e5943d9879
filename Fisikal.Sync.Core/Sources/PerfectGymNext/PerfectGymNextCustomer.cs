namespace Fisikal.Sync.Core.Sources.PerfectGymNext;

/// <summary>The fields of the Open API's <c>Customer</c> that a sync reads; others are ignored.</summary>
public sealed record PerfectGymNextCustomer
{
    public required long Id { get; init; }

    public string? CustomerNumber { get; init; }

    public string? FirstName { get; init; }

    public string? LastName { get; init; }

    public DateOnly? DateOfBirth { get; init; }

    public string? Email { get; init; }

    /// <summary>MEMBER, PROSPECT, FORMER_MEMBER, or a value newer than this code: kept as it comes.</summary>
    public required string Status { get; init; }

    public long? StudioId { get; init; }

    public DateTimeOffset? CreatedDateTime { get; init; }
}
