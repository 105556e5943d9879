namespace Fisikal.Sync.Simulators.PerfectGymNext;

/// <summary>A customer as the Open API's <c>Customer</c> schema shows it (the fields a sync reads, and a few it ignores).</summary>
public sealed record SimulatedCustomer
{
    public long Id { get; init; }

    public string? CustomerNumber { get; init; }

    public string? FirstName { get; init; }

    public string? LastName { get; init; }

    public string? DateOfBirth { get; init; }

    public string? Email { get; init; }

    public string? Gender { get; init; }

    public string? City { get; init; }

    public string Status { get; init; } = "MEMBER";

    public long? StudioId { get; init; }

    public bool AccessRefusal { get; init; }

    public string? CreatedDateTime { get; init; }
}
