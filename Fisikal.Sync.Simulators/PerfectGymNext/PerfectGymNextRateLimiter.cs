using System.Collections.Concurrent;

namespace Fisikal.Sync.Simulators.PerfectGymNext;

/// <summary>
/// The Open API's limit: every endpoint has its own counter per window (a minute); past the limit requests are answered
/// 429, as <see cref="Style"/> says (for a whole window from the excess, as published, or to the window's end). The club's
/// windows have a phase of their own (<see cref="Phase"/>: where its minutes start, past the UTC minute), so a client
/// can't pass by sharing the simulator's clock. Every admitted request's arrival and every 429's time is kept, so a test
/// or benchmark can ask for the most any sliding window held, and when a retry came after a 429.
/// </summary>
public sealed class PerfectGymNextRateLimiter(TimeProvider time)
{
    private readonly ConcurrentDictionary<(string Endpoint, long Window), int> _counts = new();
    private readonly ConcurrentDictionary<string, int> _rejected = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentQueue<long>> _arrivals = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentQueue<long>> _denials = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _deniedUntil = new(StringComparer.Ordinal);

    /// <summary>Requests per window per endpoint; 0 for no limit.</summary>
    public int LimitPerWindow { get; set; } = 1000;

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How far the club's windows start after the UTC-aligned ones (0 to <see cref="Window"/>).</summary>
    public TimeSpan Phase { get; set; }

    public RateLimitStyle Style { get; set; } = RateLimitStyle.Published;

    /// <summary>429s answered per endpoint.</summary>
    public IReadOnlyDictionary<string, int> Rejected => _rejected;

    public int TotalRejected => _rejected.Values.Sum();

    /// <summary>Counts the request; returns how long the endpoint stays denied when it is refused.</summary>
    public TimeSpan? TryAdmit(string endpoint)
    {
        var nowTicks = time.GetUtcNow().UtcTicks;
        if (LimitPerWindow <= 0)
        {
            _arrivals.GetOrAdd(endpoint, _ => new ConcurrentQueue<long>()).Enqueue(nowTicks);
            return null;
        }

        if (_deniedUntil.TryGetValue(endpoint, out var until) && nowTicks < until)
        {
            return Deny(endpoint, nowTicks, until);
        }

        var shifted = nowTicks - Phase.Ticks;
        var window = Math.DivRem(shifted, Window.Ticks, out var into) - (into < 0 ? 1 : 0);
        var count = _counts.AddOrUpdate((endpoint, window), 1, (_, n) => n + 1);
        if (count <= LimitPerWindow)
        {
            _arrivals.GetOrAdd(endpoint, _ => new ConcurrentQueue<long>()).Enqueue(nowTicks);
            return null;
        }

        var deniedUntil = Style == RateLimitStyle.Published ? nowTicks + Window.Ticks : ((window + 1) * Window.Ticks) + Phase.Ticks;
        _deniedUntil.AddOrUpdate(endpoint, deniedUntil, (_, old) => Math.Max(old, deniedUntil));
        return Deny(endpoint, nowTicks, deniedUntil);
    }

    /// <summary>When each 429 of an endpoint was answered (UTC ticks), oldest first.</summary>
    public IReadOnlyList<long> Denials(string endpoint) => _denials.TryGetValue(endpoint, out var queue) ? [.. queue.Order()] : [];

    /// <summary>Requests admitted per window for an endpoint, oldest first.</summary>
    public IReadOnlyList<int> AdmittedPerWindow(string endpoint) =>
        [.. _counts.Where(c => c.Key.Endpoint == endpoint).OrderBy(c => c.Key.Window).Select(c => Math.Min(c.Value, LimitPerWindow <= 0 ? c.Value : LimitPerWindow))];

    /// <summary>
    /// The most requests of an endpoint that arrived within any window of length <paramref name="length"/> (default: the
    /// window), counting those from <paramref name="since"/> on (default: all).
    /// </summary>
    public int MaxInAnySlidingWindow(string endpoint, TimeSpan? length = null, DateTimeOffset? since = null)
    {
        var span = (length ?? Window).Ticks;
        var from = since?.UtcTicks ?? long.MinValue;
        var arrivals = _arrivals.TryGetValue(endpoint, out var queue) ? queue.Where(t => t >= from).Order().ToArray() : [];
        var best = 0;
        for (int first = 0, last = 0; last < arrivals.Length; last++)
        {
            while (arrivals[last] - arrivals[first] >= span)
            {
                first++;
            }

            best = Math.Max(best, last - first + 1);
        }

        return best;
    }

    public IReadOnlyList<long> Arrivals(string endpoint) => _arrivals.TryGetValue(endpoint, out var queue) ? [.. queue.Order()] : [];

    private TimeSpan Deny(string endpoint, long nowTicks, long untilTicks)
    {
        _rejected.AddOrUpdate(endpoint, 1, (_, n) => n + 1);
        _denials.GetOrAdd(endpoint, _ => new ConcurrentQueue<long>()).Enqueue(nowTicks);
        return TimeSpan.FromTicks(untilTicks - nowTicks);
    }

    /// <summary>Every endpoint that admitted a request.</summary>
    public IEnumerable<string> Endpoints => _arrivals.Keys;
}
