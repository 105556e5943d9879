namespace Fisikal.Sync.Simulators.PerfectGymNext;

public sealed record SimulatedRateCode(string Name, string Identifier);
