namespace Fisikal.Sync.Core.Sources.Gladstone;

/// <summary>A member's subscription (GetMemberSubscriptionsWithDetails).</summary>
public sealed record GladstoneSubscriptionRecord(string SubscriptionRef, string SubTypeId, DateOnly? StartDate, DateOnly? EndDate, string? SiteId);
