namespace Fisikal.Sync.Core.Sources;

/// <summary>A member's visits as read, and those that could not be read (quarantined; the rest are used).</summary>
public sealed record VisitRead(IReadOnlyList<SourceVisit> Visits, IReadOnlyList<MalformedRecord> Malformed);
