namespace Fisikal.Sync.Core.Sources.PerfectGymNext;

/// <summary>A data chunk: its records, those that could not be read, the offset for the next request, and whether one follows.</summary>
public sealed record PerfectGymNextSlice<T>(IReadOnlyList<T> Result, IReadOnlyList<MalformedRecord> Malformed, string Offset, bool HasNext);
