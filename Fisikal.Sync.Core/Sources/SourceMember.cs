namespace Fisikal.Sync.Core.Sources;

/// <summary>
/// A member as every source describes one, before the rules decide what the client becomes. <see cref="Deleted"/>:
/// the source says the member was deleted (PGM's isDeleted); the client becomes Deleted and Inactive.
/// <see cref="SourceVersion"/>: the source's own version of this state, where it has one (PGM's version), which orders
/// two reads of the same member better than the times they were read.
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
    bool Deleted = false,
    long? SourceVersion = null);
