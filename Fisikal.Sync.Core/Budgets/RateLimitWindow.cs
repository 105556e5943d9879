namespace Fisikal.Sync.Core.Budgets;

/// <summary>
/// A time-of-day limit (UTC), e.g. seed 004's 200 a minute from 21:00 to 03:00. <see cref="To"/> before
/// <see cref="From"/> wraps midnight. Without <see cref="Endpoint"/> it applies to every endpoint.
/// </summary>
public sealed class RateLimitWindow
{
    public TimeOnly From { get; set; }

    public TimeOnly To { get; set; }

    public int RequestsPerMinute { get; set; }

    public string? Endpoint { get; set; }

    public bool Contains(TimeOnly time) => From <= To ? time >= From && time < To : time >= From || time < To;
}
