namespace Fisikal.Sync.Core.Sync.Webhooks;

/// <summary>What a webhook call did: events queued, seen before, or of a type we don't act on.</summary>
public sealed record WebhookReceipt(int Queued, int Duplicates, int Ignored);
