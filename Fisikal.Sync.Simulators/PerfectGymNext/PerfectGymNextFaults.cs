namespace Fisikal.Sync.Simulators.PerfectGymNext;

/// <summary>What the simulated API does wrong, on purpose; changed by tests and the admin API at any time.</summary>
public sealed class PerfectGymNextFaults
{
    /// <summary>Share (0-1) of API requests answered 500.</summary>
    public double ServerErrorRate { get; set; }

    /// <summary>Share (0-1) of API requests answered 503, as under load.</summary>
    public double UnavailableRate { get; set; }

    /// <summary>Added to every API request.</summary>
    public TimeSpan Latency { get; set; }

    /// <summary>When true, each customer slice but the last repeats its last record at the start of the next.</summary>
    public bool RepeatLastRecordAcrossSlices { get; set; }

    // A burst of 503s (the next N requests) is PerfectGymNextSimulator.BurstUnavailable: a count used up, not a setting.
}
