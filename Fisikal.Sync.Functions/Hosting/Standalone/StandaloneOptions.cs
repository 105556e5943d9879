namespace Fisikal.Sync.Functions.Hosting.Standalone;

/// <summary>
/// How the standalone host runs queue and timer functions (section <c>Standalone</c>). The defaults
/// mirror host.json: maxDequeueCount 5, batchSize 16, maxPollingInterval 2 s.
/// </summary>
public sealed class StandaloneOptions
{
    public int MaxDequeueCount { get; set; } = 5;

    /// <summary>Messages processed at once per queue on one instance.</summary>
    public int BatchSize { get; set; } = 16;

    /// <summary>How long a taken message stays hidden; renewed at half of it while its function runs, so a dead instance's message comes back soon.</summary>
    public TimeSpan VisibilityTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a failed message waits before its next attempt (host.json's visibilityTimeout).</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    public TimeSpan MinPollingInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    public TimeSpan MaxPollingInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How often the scheduler looks for due schedules.</summary>
    public TimeSpan ScheduleTick { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Set false to run only the HTTP routes (no pump, no timers).</summary>
    public bool RunTriggers { get; set; } = true;

    public void Validate()
    {
        if (MaxDequeueCount < 1 || BatchSize is < 1 or > 32 || VisibilityTimeout < TimeSpan.FromSeconds(2) || RetryDelay < TimeSpan.Zero ||
            MinPollingInterval <= TimeSpan.Zero || MaxPollingInterval < MinPollingInterval || ScheduleTick <= TimeSpan.Zero)
        {
            throw new InvalidOperationException(
                "Standalone settings are out of range: Standalone__MaxDequeueCount >= 1, Standalone__BatchSize 1-32, " +
                "Standalone__VisibilityTimeout >= 2s, Standalone__RetryDelay >= 0, polling intervals and ScheduleTick > 0.");
        }
    }
}
