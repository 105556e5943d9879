namespace Fisikal.Sync.Core.Sync.Webhooks;

/// <summary>One webhook event to act on: the body of a <c>sync-member-events</c> message.</summary>
public sealed record MemberEventMessage(string Integration, string Uuid, string Type, long EntityId, DateTimeOffset ReceivedAt);
