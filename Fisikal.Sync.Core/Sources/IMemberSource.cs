namespace Fisikal.Sync.Core.Sources;

/// <summary>Reads a source's members a page at a time, from an opaque cursor (null: the start).</summary>
public interface IMemberSource
{
    /// <param name="runId">The run the pages belong to: a source that reads its roster through a feed of the run's own names it by this (Gladstone).</param>
    Task<MemberPage> ReadMembersAsync(string? cursor, string runId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Acknowledges at the source what a recorded page read (its <see cref="MemberPage.Acknowledgement"/>), so the source can
    /// let go of it: Gladstone commits the run's change feed and cleans it up. Safe to repeat. Most sources have nothing to do.
    /// </summary>
    Task AcknowledgeAsync(string acknowledgement, CancellationToken cancellationToken = default);

    /// <summary>
    /// One member by id (a login syncs its member on the spot; a re-sync or a webhook refreshes one), or null only when the
    /// source itself says it has no such member: a record it sent that can't be read, a fault or a failed call throws, so
    /// that nothing is deleted on bad evidence.
    /// </summary>
    Task<SourceMember?> ReadMemberAsync(string memberId, CancellationToken cancellationToken = default);
}
