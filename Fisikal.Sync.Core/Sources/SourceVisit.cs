namespace Fisikal.Sync.Core.Sources;

/// <summary>A door swipe / club visit / check-in, as every source describes one.</summary>
public sealed record SourceVisit(string Id, string MemberId, DateTimeOffset AccessedAt, string? ClubNumber);
