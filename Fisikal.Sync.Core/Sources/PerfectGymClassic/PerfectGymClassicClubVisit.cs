namespace Fisikal.Sync.Core.Sources.PerfectGymClassic;

/// <summary>A member's visit to a club, from the door (OData v2.2 <c>MemberClubVisits</c>).</summary>
public sealed record PerfectGymClassicClubVisit(long Id, long Version, long MemberId, long ClubId, DateTimeOffset EnterDate);
