namespace Fisikal.Sync.Simulators.PerfectGymNext;

/// <summary>How a simulated club starts: its key, its port, and its seeded members.</summary>
public sealed class PerfectGymNextSimulatorOptions
{
    /// <summary>The studio's Open API key (x-api-key).</summary>
    public string ApiKey { get; set; } = "sim-" + Guid.NewGuid().ToString("N");

    /// <summary>0 lets the OS pick a free port on 127.0.0.1.</summary>
    public int Port { get; set; }

    /// <summary>How many customers the seeded club has.</summary>
    public int Customers { get; set; } = 250;

    /// <summary>The seed of the generated data: the same seed gives the same club.</summary>
    public int Seed { get; set; } = 42;

    /// <summary>Studio ids the customers are spread across.</summary>
    public IReadOnlyList<long> StudioIds { get; set; } = [1210000101, 1210000102, 1210000103];
}
