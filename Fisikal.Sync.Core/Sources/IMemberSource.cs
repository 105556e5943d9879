namespace Fisikal.Sync.Core.Sources;

/// <summary>Reads a source's members a page at a time, from an opaque cursor (null: the start).</summary>
public interface IMemberSource
{
    Task<MemberPage> ReadMembersAsync(string? cursor, CancellationToken cancellationToken = default);

    /// <summary>One member by id, or null when the source has none (a login syncs its member on the spot).</summary>
    Task<SourceMember?> ReadMemberAsync(string memberId, CancellationToken cancellationToken = default);
}
