namespace Fisikal.Sync.Core.Sources.PerfectGymNext;

/// <summary>A contract that could not be read: why, and its ids as far as they could be read (null: not even those).</summary>
public sealed record PerfectGymNextUnreadContract(MalformedRecord Record, PerfectGymNextContractIds? Ids);
