using System.Collections.Concurrent;

namespace Fisikal.Sync.Simulators.PerfectGymNext;

/// <summary>
/// The Open API's limit: every endpoint has its own counter per window (a UTC minute by default);
/// past the limit every request is answered 429 for the rest of the window.
/// </summary>
public sealed class PerfectGymNextRateLimiter(TimeProvider time)
{
    private readonly ConcurrentDictionary<(string Endpoint, long Window), int> _counts = new();
    private readonly ConcurrentDictionary<string, int> _rejected = new(StringComparer.Ordinal);

    /// <summary>Requests per window per endpoint; 0 for no limit.</summary>
    public int LimitPerWindow { get; set; } = 1000;

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>429s answered per endpoint.</summary>
    public IReadOnlyDictionary<string, int> Rejected => _rejected;

    public int TotalRejected => _rejected.Values.Sum();

    /// <summary>Counts the request; returns how long until the window resets when it is over the limit.</summary>
    public TimeSpan? TryAdmit(string endpoint)
    {
        if (LimitPerWindow <= 0)
        {
            return null;
        }

        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var windowMs = (long)Window.TotalMilliseconds;
        var window = now / windowMs;
        var count = _counts.AddOrUpdate((endpoint, window), 1, (_, n) => n + 1);
        if (count <= LimitPerWindow)
        {
            return null;
        }

        _rejected.AddOrUpdate(endpoint, 1, (_, n) => n + 1);
        return TimeSpan.FromMilliseconds(((window + 1) * windowMs) - now);
    }

    /// <summary>Requests admitted per window for an endpoint, oldest first.</summary>
    public IReadOnlyList<int> AdmittedPerWindow(string endpoint) =>
        [.. _counts.Where(c => c.Key.Endpoint == endpoint).OrderBy(c => c.Key.Window).Select(c => Math.Min(c.Value, LimitPerWindow <= 0 ? c.Value : LimitPerWindow))];
}
