namespace Fisikal.Sync.Core.Sources;

/// <summary>A member as every source describes one, before the rules decide what the client becomes.</summary>
public sealed record SourceMember(
    string Id,
    string? FirstName,
    string? LastName,
    string? Email,
    DateOnly? DateOfBirth,
    string? HomeClubNumber,
    string SourceStatus,
    DateTimeOffset? CreatedAt);
