namespace Fisikal.Sync.Core.Sync.Webhooks;

/// <summary>
/// One event to act on, the body of a <c>sync-member-events</c> message: a webhook's (PerfectGym Next's numeric
/// entity id) or a re-sync's (<see cref="MemberId"/>, any source's member id).
/// </summary>
public sealed record MemberEventMessage(string Integration, string Uuid, string Type, long EntityId, DateTimeOffset ReceivedAt, string? MemberId = null);
