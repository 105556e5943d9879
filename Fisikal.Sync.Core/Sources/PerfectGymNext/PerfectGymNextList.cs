namespace Fisikal.Sync.Core.Sources.PerfectGymNext;

/// <summary>An unsliced list answer: its records, and those that could not be read.</summary>
public sealed record PerfectGymNextList<T>(IReadOnlyList<T> Result, IReadOnlyList<MalformedRecord> Malformed);
