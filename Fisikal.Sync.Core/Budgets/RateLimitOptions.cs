namespace Fisikal.Sync.Core.Budgets;

/// <summary>
/// How many requests an integration may send, per endpoint and per window (<c>Integrations__{name}__RateLimit__*</c>).
/// The first matching time-of-day window wins, then the endpoint's own limit, then the default.
/// </summary>
public sealed class RateLimitOptions
{
    /// <summary>The documented default of PerfectGym Next: 1000 requests a minute per endpoint.</summary>
    public int RequestsPerMinute { get; set; } = 1000;

    /// <summary>Per-endpoint limits by operation id (e.g. <c>getCustomersContracts</c>).</summary>
    public IDictionary<string, int> Endpoints { get; set; } = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Time-of-day limits (UTC).</summary>
    public IList<RateLimitWindow> Windows { get; set; } = [];

    /// <summary>The counting window: a minute, as the API counts. The limits above apply to any window of this length, whatever its phase.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Tokens an instance takes from the shared budget at a time, to spend within one slot (a sixtieth of the window);
    /// 0 picks limit / 120 (at least 1, at most 50): about half a slot's share, so little is left unspent.
    /// </summary>
    public int LeaseChunk { get; set; }

    /// <summary>
    /// The part of each limit kept free for calls a person waits on (a login's check and on-the-spot sync): the background
    /// sync leaves it unless logins have used it, so logins never wait behind a large sync; logins may use any room.
    /// </summary>
    public double InteractiveShare { get; set; } = 0.002;

    /// <summary>What the background sync leaves for logins: the <see cref="InteractiveShare"/> of the limit, at least 1.</summary>
    public int InteractiveReserveFor(string endpoint, DateTimeOffset at) => Math.Max(1, (int)(LimitFor(endpoint, at) * InteractiveShare));

    public int LimitFor(string endpoint, DateTimeOffset at)
    {
        var time = TimeOnly.FromDateTime(at.UtcDateTime);
        foreach (var window in Windows)
        {
            if ((window.Endpoint is null || string.Equals(window.Endpoint, endpoint, StringComparison.OrdinalIgnoreCase)) && window.Contains(time))
            {
                return window.RequestsPerMinute;
            }
        }

        return Endpoints.TryGetValue(endpoint, out var limit) ? limit : RequestsPerMinute;
    }

    public int ChunkFor(int limit) => LeaseChunk > 0 ? Math.Min(LeaseChunk, limit) : Math.Clamp(limit / 120, 1, 50);

    public void Validate(string prefix)
    {
        if (RequestsPerMinute < 1 || Endpoints.Values.Any(v => v < 1) || Windows.Any(w => w.RequestsPerMinute < 1))
        {
            throw new InvalidOperationException($"{prefix}RateLimit: every RequestsPerMinute must be at least 1.");
        }

        if (InteractiveShare is <= 0 or >= 0.5)
        {
            throw new InvalidOperationException($"{prefix}RateLimit__InteractiveShare must be above 0 and under 0.5.");
        }

        if (Window < TimeSpan.FromSeconds(1))
        {
            throw new InvalidOperationException($"{prefix}RateLimit__Window must be at least 1 second.");
        }
    }
}
