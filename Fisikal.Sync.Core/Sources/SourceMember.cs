namespace Fisikal.Sync.Core.Sources;

/// <summary>
/// A member as every source describes one, before the rules decide what the client becomes. <see cref="Deleted"/>:
/// the source says the member was deleted (PGM's isDeleted); the client becomes Deleted and Inactive.
/// </summary>
public sealed record SourceMember(
    string Id,
    string? FirstName,
    string? LastName,
    string? Email,
    DateOnly? DateOfBirth,
    string? HomeClubNumber,
    string SourceStatus,
    DateTimeOffset? CreatedAt,
    bool Deleted = false);
