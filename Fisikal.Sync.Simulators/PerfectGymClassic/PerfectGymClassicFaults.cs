namespace Fisikal.Sync.Simulators.PerfectGymClassic;

/// <summary>What the simulated PGM API does wrong, on purpose; changed by tests and the admin API at any time.</summary>
public sealed class PerfectGymClassicFaults
{
    /// <summary>Share (0-1) of API requests answered 500.</summary>
    public double ServerErrorRate { get; set; }

    /// <summary>Added to every API request.</summary>
    public TimeSpan Latency { get; set; }

    /// <summary>When true every API request is answered 503: the club's server is down.</summary>
    public bool Down { get; set; }

    /// <summary>The status wrong credentials are refused with: PGM documents 400; a proxy or another version may answer another 4xx.</summary>
    public int WrongCredentialsStatus { get; set; } = 400;

    /// <summary>Called between two pages of an entity set (after a page is served, before its nextLink is asked for).</summary>
    public Action<string>? BetweenPages { get; set; }
}
