namespace Fisikal.Sync.Core.Sync.Retention;

/// <summary>How long what the sync records for itself is kept (documented in the README; the defaults are the policy).</summary>
public static class RetentionPolicy
{
    /// <summary>Sync runs, with their page, chunk and seen-id checkpoints: long enough to look into last month's runs.</summary>
    public static readonly TimeSpan SyncRuns = TimeSpan.FromDays(30);

    /// <summary>Webhook uuids: PerfectGym redelivers a failed event 3 times, 10 minutes apart; a day covers that many times over.</summary>
    public static readonly TimeSpan WebhookEvents = TimeSpan.FromDays(1);

    /// <summary>A user name's failures with no new failure and no lockout running for this long start again from zero.</summary>
    public static readonly TimeSpan LoginAttempts = TimeSpan.FromDays(1);

    /// <summary>Rate budget windows: the status page shows the last hour; two are kept.</summary>
    public static readonly TimeSpan RateBudgets = TimeSpan.FromHours(2);
}
