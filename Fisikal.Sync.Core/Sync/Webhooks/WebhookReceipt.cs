namespace Fisikal.Sync.Core.Sync.Webhooks;

/// <summary>
/// What a webhook call did with its events: queued; seen before; of a type we don't act on; refused on their own (an
/// impossible timestamp, an unknown shape); listed for the next client sync because they could not be queued; or lost
/// (neither queued nor listed: the scans and sweeps are then all that catch the change).
/// </summary>
public sealed record WebhookReceipt(int Queued, int Duplicates, int Ignored, int Rejected = 0, int Deferred = 0, int Failed = 0);
