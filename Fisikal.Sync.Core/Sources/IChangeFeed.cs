namespace Fisikal.Sync.Core.Sources;

/// <summary>
/// A source that can say what changed after a cursor (PerfectGym classic's <c>version gt N</c>), so the ongoing
/// syncs read changes instead of scanning everyone. Cursors are opaque; a page's <see cref="FeedPage{T}.Checkpoint"/>
/// is stored once the page's writes are durable, so a crash re-reads at most a page and nothing is skipped.
/// </summary>
public interface IChangeFeed
{
    /// <summary>The members stream's name, beside <see cref="PurchaseStreams"/>.</summary>
    const string MembersStream = "members";

    /// <summary>Members changed after <paramref name="cursor"/> (null: from the beginning), deleted ones flagged.</summary>
    Task<FeedPage<SourceMember>> ReadMemberChangesAsync(string? cursor, CancellationToken cancellationToken = default);

    /// <summary>The streams whose changes mean a member's purchases changed (e.g. contracts, member products).</summary>
    IReadOnlyList<string> PurchaseStreams { get; }

    /// <summary>The ids of members whose purchases in <paramref name="stream"/> changed after <paramref name="cursor"/>.</summary>
    Task<FeedPage<string>> ReadPurchaseChangesAsync(string stream, string? cursor, CancellationToken cancellationToken = default);

    /// <summary>
    /// Called once a page's changes are stored and before its checkpoint is kept: a feed that must be told what was
    /// taken (Gladstone's CommitMemberChanges) is told here, never before. Others do nothing.
    /// </summary>
    Task CommitAsync(string stream, string checkpoint, CancellationToken cancellationToken = default);

    /// <summary>
    /// A cursor at the stream's newest change now (its next read returns only later changes). A complete initial
    /// sync takes these for the members and purchase streams before it reads, so the ongoing sync goes on from there
    /// instead of reading the whole history again.
    /// </summary>
    Task<string> CurrentCursorAsync(string stream, CancellationToken cancellationToken = default);

    /// <summary>Visits recorded after <paramref name="cursor"/>; without a cursor, those that began at or after <paramref name="since"/>.</summary>
    Task<FeedPage<SourceVisit>> ReadVisitChangesAsync(string? cursor, DateTimeOffset since, CancellationToken cancellationToken = default);
}
