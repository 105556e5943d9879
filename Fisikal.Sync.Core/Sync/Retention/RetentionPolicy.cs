namespace Fisikal.Sync.Core.Sync.Retention;

/// <summary>How long what the sync records for itself is kept (documented in the README; the defaults are the policy).</summary>
public static class RetentionPolicy
{
    /// <summary>Sync runs, with their page, chunk and seen-id checkpoints: long enough to look into last month's runs.</summary>
    public static readonly TimeSpan SyncRuns = TimeSpan.FromDays(30);

    /// <summary>
    /// Webhook uuids, kept so a repeat of an event is acted on once. Nothing counts on PerfectGym sending one again (its
    /// documentation says it doesn't, and also that it may, 10 minutes later): a day covers any repeat many times over.
    /// </summary>
    public static readonly TimeSpan WebhookEvents = TimeSpan.FromDays(1);

    /// <summary>A user name's failures with no new failure and no lockout running for this long start again from zero.</summary>
    public static readonly TimeSpan LoginAttempts = TimeSpan.FromDays(1);

    /// <summary>Rate budget windows: the status page shows the last hour; two are kept.</summary>
    public static readonly TimeSpan RateBudgets = TimeSpan.FromHours(2);
}
