namespace Fisikal.Sync.Simulators.Gladstone;

/// <summary>A member's subscription (GetMemberSubscriptionsWithDetails): SubTypeID, dates, SubscriptionRef, SiteID.</summary>
public sealed record GladstoneSubscription(long SubscriptionRef, string MemberId, string SubTypeId, DateOnly StartDate, DateOnly? EndDate, string? SiteId);
