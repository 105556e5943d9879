namespace Fisikal.Sync.Core.Sources.PerfectGymNext;

/// <summary>What the studio sells (<c>MembershipOffer</c>): its rate codes are what contracts carry.</summary>
public sealed record PerfectGymNextMembershipOffer(long Id, string? Name, string? Description, IReadOnlyList<PerfectGymNextRateCode>? RateCodes);
