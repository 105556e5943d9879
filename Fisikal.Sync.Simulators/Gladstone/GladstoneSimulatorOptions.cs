namespace Fisikal.Sync.Simulators.Gladstone;

/// <summary>How a simulated Gladstone Plus 2 member web service starts.</summary>
public sealed class GladstoneSimulatorOptions
{
    public string Username { get; set; } = "sim-user";

    public string Password { get; set; } = "sim-pass-" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>The application name registered in Gladstone for this caller.</summary>
    public string AppName { get; set; } = "Fisikal";

    public int Port { get; set; }

    public int Members { get; set; } = 40;

    public int Seed { get; set; } = 7;

    public IReadOnlyList<string> SiteIds { get; set; } = ["S01", "S02"];

    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
