namespace Fisikal.Sync.Core.Sources;

/// <summary>A record the source sent that could not be read; it is quarantined with its reason and the rest goes on.</summary>
public sealed record MalformedRecord(string? SourceId, string Reason);
