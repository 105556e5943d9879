namespace Fisikal.Sync.Core.Sources;

/// <summary>One page of members; <see cref="NextCursor"/> is null on the last page.</summary>
public sealed record MemberPage(IReadOnlyList<SourceMember> Members, IReadOnlyList<MalformedRecord> Malformed, string? NextCursor);
