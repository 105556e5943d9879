using System.Text.Json;
using Fisikal.Sync.Core.Diagnostics;
using Fisikal.Sync.Core.Integrations;
using Fisikal.Sync.Core.Rules;
using Fisikal.Sync.Core.Sources;
using Azure.Data.Tables;
using Fisikal.Sync.Core.Storage;
using Fisikal.Sync.Core.Sync.Access;
using Fisikal.Sync.Core.Sync.Clients;
using Fisikal.Sync.Core.Sync.Notifications;
using Fisikal.Sync.Core.Sync.Packages;
using Microsoft.Extensions.Logging;

namespace Fisikal.Sync.Core.Sync.Changes;

/// <summary>
/// The ongoing syncs for a source with a change feed (PerfectGym classic): read what changed since each stream's
/// cursor instead of scanning everyone. Members first (so a new member's client exists), then each purchase stream
/// (whose changed members get their packages refreshed through <c>sync-member-packages</c>); visits become door
/// access and attendance. Per page: write, queue the package refreshes, then store the stream's cursor in
/// <c>SyncCheckpoints</c> (<c>cursor:{stream}</c>), so a crash re-reads at most one page and nothing is skipped.
/// A run reads at most <see cref="MaxPagesPerRun"/> pages of a stream; the next run goes on from there.
/// </summary>
public sealed partial class ChangeFeedSync(
    SyncStorage storage,
    ClientStore clients,
    MemberVisitsHandler visits,
    NotificationStore notifications,
    TimeProvider time,
    ILogger<ChangeFeedSync> logger)
{
    public const int MaxPagesPerRun = 40;

    /// <summary>Changed members into Clients, then the packages of members whose client or purchases changed.</summary>
    public async Task SyncClientsAsync(IntegrationOptions integration, IChangeFeed feed, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(integration);
        ArgumentNullException.ThrowIfNull(feed);
        using var scope = logger.BeginScope(LogScope.Of(("Integration", integration.Name)));
        var rule = MemberStatusRule.For(integration);
        var readAt = time.GetUtcNow();
        var members = await PassAsync(integration, feed, IChangeFeed.MembersStream, c => { readAt = time.GetUtcNow(); return feed.ReadMemberChangesAsync(c, cancellationToken); }, async page =>
        {
            var written = await clients.WriteAsync(integration.Name, page.Items, rule, null, readAt, cancellationToken).ConfigureAwait(false);
            await QueuePackagesAsync(integration, [.. written.Kept.Where(k => k.CreatedOrChanged).Select(k => new MemberRef(k.Id, k.HomeLocationId, k.Created))], cancellationToken).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);

        var purchases = 0;
        foreach (var stream in feed.PurchaseStreams)
        {
            purchases += await PassAsync(integration, feed, "purchases:" + stream, c => feed.ReadPurchaseChangesAsync(stream, c, cancellationToken), async page =>
            {
                var refs = new List<MemberRef>();
                foreach (var id in page.Items)
                {
                    // Only clients that exist and are not deleted have packages to keep.
                    if (await clients.FindAsync(integration.Name, id, cancellationToken).ConfigureAwait(false) is { IsDeleted: false } client)
                    {
                        refs.Add(client.Ref);
                    }
                }

                await QueuePackagesAsync(integration, refs, cancellationToken).ConfigureAwait(false);
            }, cancellationToken).ConfigureAwait(false);
        }

        LogClients(members, purchases);
    }

    /// <summary>New visits (from yesterday on, the first time) into door access and attendance.</summary>
    public async Task SyncVisitsAsync(IntegrationOptions integration, IChangeFeed feed, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(integration);
        ArgumentNullException.ThrowIfNull(feed);
        using var scope = logger.BeginScope(LogScope.Of(("Integration", integration.Name)));
        var since = new DateTimeOffset(time.GetUtcNow().UtcDateTime.Date.AddDays(-1), TimeSpan.Zero);
        var seen = await PassAsync(integration, feed, "visits", c => feed.ReadVisitChangesAsync(c, since, cancellationToken), async page =>
            await visits.RecordAsync(integration, page.Items, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        LogVisits(seen);
    }

    /// <summary>
    /// Before a complete initial sync reads: each member and purchase stream without a cursor gets one at its newest
    /// change now. What changes from here on is read by the ongoing sync; what came before, by the initial sync.
    /// </summary>
    public async Task StartCursorsAsync(IntegrationOptions integration, IChangeFeed feed, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(integration);
        ArgumentNullException.ThrowIfNull(feed);
        foreach (var (stream, feedStream) in feed.PurchaseStreams.Select(s => ("purchases:" + s, s)).Prepend((IChangeFeed.MembersStream, IChangeFeed.MembersStream)))
        {
            if (await CursorAsync(integration.Name, stream, cancellationToken).ConfigureAwait(false) is null)
            {
                await SaveCursorAsync(integration.Name, stream, await feed.CurrentCursorAsync(feedStream, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>The stored cursor of a stream (null before its first pass).</summary>
    public async Task<string?> CursorAsync(string integration, string stream, CancellationToken cancellationToken = default) =>
        (await storage.Table(TableNames.SyncCheckpoints).GetEntityOrNullAsync(integration, CursorKey(stream), ["Cursor"], cancellationToken).ConfigureAwait(false))?.GetString("Cursor");

    /// <summary>Reads pages of one stream from its cursor, handles each, and stores the cursor after each; returns the records seen.</summary>
    private async Task<int> PassAsync<T>(IntegrationOptions integration, IChangeFeed feed, string stream, Func<string?, Task<FeedPage<T>>> read, Func<FeedPage<T>, Task> handle, CancellationToken cancellationToken)
    {
        var cursor = await CursorAsync(integration.Name, stream, cancellationToken).ConfigureAwait(false);
        var visited = new HashSet<string?>(StringComparer.Ordinal);
        var seen = 0;
        for (var pages = 0; pages < MaxPagesPerRun; pages++)
        {
            if (!visited.Add(cursor))
            {
                throw new InvalidOperationException($"Integration '{integration.Name}', stream {stream}: the change feed came back to cursor '{cursor}' within one pass; it would never end.");
            }

            var page = await read(cursor).ConfigureAwait(false);
            await handle(page).ConfigureAwait(false);
            foreach (var bad in page.Malformed)
            {
                await notifications.RaiseMalformedAsync(integration.Name, bad, null, cancellationToken).ConfigureAwait(false);
            }

            await feed.CommitAsync(stream, page.Checkpoint, cancellationToken).ConfigureAwait(false);
            await SaveCursorAsync(integration.Name, stream, page.Checkpoint, cancellationToken).ConfigureAwait(false);
            seen += page.Items.Count + page.Malformed.Count;
            if (page.Next is null)
            {
                break;
            }

            cursor = page.Next;
        }

        return seen;
    }

    private Task SaveCursorAsync(string integration, string stream, string cursor, CancellationToken cancellationToken) =>
        storage.Table(TableNames.SyncCheckpoints).UpsertEntityAsync(
            new TableEntity(integration, CursorKey(stream)) { ["Cursor"] = cursor, ["UpdatedAt"] = time.GetUtcNow() },
            TableUpdateMode.Replace,
            cancellationToken);

    private async Task QueuePackagesAsync(IntegrationOptions integration, IReadOnlyList<MemberRef> members, CancellationToken cancellationToken)
    {
        var chunks = members.Chunk(integration.PackageChunkSize).ToList();
        for (var i = 0; i < chunks.Count; i++)
        {
            var message = new MemberPackagesMessage(integration.Name, null, null, i, chunks.Count, chunks[i]);
            await storage.EnqueueAsync(QueueNames.MemberPackages, message, cancellationToken).ConfigureAwait(false);
        }
    }

    private static string CursorKey(string stream) => "cursor:" + stream;

    [LoggerMessage(Level = LogLevel.Information, Message = "Changes read: {Members} members, {Purchases} purchase changes")]
    private partial void LogClients(int members, int purchases);

    [LoggerMessage(Level = LogLevel.Information, Message = "Changes read: {Visits} visits")]
    private partial void LogVisits(int visits);
}
