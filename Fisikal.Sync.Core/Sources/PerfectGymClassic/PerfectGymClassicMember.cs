namespace Fisikal.Sync.Core.Sources.PerfectGymClassic;

/// <summary>A PGM member (OData v2.2 <c>Members</c>); fields not listed are ignored, and the creation time, kept only for reference, never rejects one.</summary>
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
    [property: System.Text.Json.Serialization.JsonConverter(typeof(Json.UnreadableAsNull<DateTimeOffset?>))] DateTimeOffset? CreatedDate);
