namespace Fisikal.Sync.Core.Sources.PerfectGymClassic;

/// <summary>A PGM member (OData v2.2 <c>Members</c>); fields not listed are ignored.</summary>
public sealed record PerfectGymClassicMember(
    long Id,
    long Version,
    bool IsDeleted,
    string? FirstName,
    string? LastName,
    string? Email,
    DateTimeOffset? Birthdate,
    string? MemberType,
    bool? IsActive,
    long? HomeClubId,
    DateTimeOffset? CreatedDate);
