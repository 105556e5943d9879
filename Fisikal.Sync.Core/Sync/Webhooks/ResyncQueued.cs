namespace Fisikal.Sync.Core.Sync.Webhooks;

/// <summary>What became of an operator's re-sync request.</summary>
public enum ResyncQueued
{
    Queued,
    NoIntegration,
    InvalidMemberId,
}
