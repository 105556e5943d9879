namespace Fisikal.Sync.Core.Sources.Resilience;

/// <summary>How a source's requests are retried, broken and timed out (<c>Integrations__{name}__Resilience__*</c>).</summary>
public sealed class ResilienceOptions
{
    /// <summary>Retries after the first attempt, for 429, 5xx, timeouts and transport errors.</summary>
    public int MaxRetries { get; set; } = 6;

    /// <summary>The first backoff for 5xx and transport errors; it doubles, with jitter, up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan BaseBackoff { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest a 429's Retry-After (or the wait for the window to reset) is honoured.</summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(65);

    /// <summary>The whole call with its retries and their waits (for Retry-After, and for the rate budget); past it the call fails and the queue tries the message again later.</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Each attempt's own time limit.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a call a person waits on (a login's check, its on-the-spot sync) may take before the login answers 503.</summary>
    public TimeSpan InteractiveTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The circuit opens when at least this share of at least <see cref="BreakerMinimumThroughput"/> attempts in <see cref="BreakerSamplingDuration"/> fail (5xx, timeouts, transport).</summary>
    public double BreakerFailureRatio { get; set; } = 0.5;

    public int BreakerMinimumThroughput { get; set; } = 20;

    public TimeSpan BreakerSamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(30);
}
