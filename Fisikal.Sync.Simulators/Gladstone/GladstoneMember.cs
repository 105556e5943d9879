namespace Fisikal.Sync.Simulators.Gladstone;

/// <summary>A Plus 2 member as the simulator keeps one (the fields seed 001 names).</summary>
public sealed record GladstoneMember
{
    public required string MemberId { get; init; }

    public string? FirstName { get; init; }

    public string? LastName { get; init; }

    public string? EmailAddress { get; init; }

    public DateOnly? DateOfBirth { get; init; }

    public string? SiteId { get; init; }

    public string StatusId { get; init; } = "Active";

    public bool IsDeleted { get; init; }

    public string? Password { get; init; }

    public string? Pin { get; init; }
}
