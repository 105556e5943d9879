namespace Fisikal.Sync.Core.Sources.PerfectGymNext;

public sealed record PerfectGymNextRateCode(string? Name, string? Identifier);
