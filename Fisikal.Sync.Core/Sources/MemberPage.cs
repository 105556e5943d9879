namespace Fisikal.Sync.Core.Sources;

/// <summary>
/// One page of members; <see cref="NextCursor"/> is null on the last page. <see cref="RosterComplete"/>: the read this
/// page belongs to lists every member the source has (deleted and former ones included), so a member a whole chain of
/// such pages did not list is gone at the source. Only such a read may make absent clients Inactive; a change feed's
/// page never says so. <see cref="Acknowledgement"/>: what to acknowledge at the source once the page is recorded (see
/// <see cref="IMemberSource.AcknowledgeAsync"/>), or null.
/// </summary>
public sealed record MemberPage(IReadOnlyList<SourceMember> Members, IReadOnlyList<MalformedRecord> Malformed, string? NextCursor, bool RosterComplete, string? Acknowledgement = null);
