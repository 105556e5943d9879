using Fisikal.Sync.Core.Storage;
using System.Text.Json;
using Fisikal.Sync.Core.Diagnostics;
using Fisikal.Sync.Core.Integrations;
using Fisikal.Sync.Core.Rules;
using Fisikal.Sync.Core.Sources;
using Fisikal.Sync.Core.Sync.Clients;
using Fisikal.Sync.Core.Sync.Notifications;
using Fisikal.Sync.Core.Sync.Packages;
using Fisikal.Sync.Core.Sync.Runs;
using Microsoft.Extensions.Logging;

namespace Fisikal.Sync.Core.Sync.InitialSync;

/// <summary>
/// Handles one <c>sync-member-pages</c> message: read the page, write its clients, queue the next page and
/// the page's package refreshes, then record the page as done and see whether the run is complete.
/// Delivery is at least once: a recorded page is not redone (but the completion check still runs), and
/// every write is an idempotent upsert. An initial sync refreshes every kept client's packages; the
/// scheduled scan only those it created or changed (the sweep re-checks the rest).
/// </summary>
public sealed partial class MemberPageHandler(
    IntegrationRegistry integrations,
    SourceFactory sources,
    ClientStore clients,
    SyncRunStore runs,
    RunCompletion completion,
    NotificationStore notifications,
    RosterAcknowledgements acknowledgements,
    SyncStorage storage,
    TimeProvider time,
    ILogger<MemberPageHandler> logger)
{
    public async Task HandleAsync(string messageText, long dequeueCount, CancellationToken cancellationToken = default)
    {
        var message = JsonSerializer.Deserialize<MemberPageMessage>(messageText) ?? throw new JsonException("The message is empty.");
        using var scope = logger.BeginScope(LogScope.Of(("Integration", message.Integration), ("RunId", message.RunId)));
        try
        {
            await HandleAsync(message, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            if (!await runs.RecordFailureAsync(message.Integration, message.RunId, ex, dequeueCount, cancellationToken).ConfigureAwait(false))
            {
                throw;
            }
        }
    }

    private async Task HandleAsync(MemberPageMessage message, CancellationToken cancellationToken)
    {
        var run = await runs.GetRunAsync(message.Integration, message.RunId, cancellationToken).ConfigureAwait(false);
        if (run is null || run.IsFinished)
        {
            LogSkipped(SyncRunStore.PageKey(message.Cursor), run?.Status.ToString() ?? "no such run");
            return;
        }

        if (!await runs.IsPageDoneAsync(message.Integration, message.RunId, message.Cursor, cancellationToken).ConfigureAwait(false))
        {
            await runs.MarkRunningAsync(run, cancellationToken).ConfigureAwait(false);
            await ReadAndWritePageAsync(message, run.LocationId, run.RefreshesEveryPackage, cancellationToken).ConfigureAwait(false);
        }

        await completion.TryCompleteAsync(message.Integration, message.RunId, cancellationToken).ConfigureAwait(false);
    }

    private async Task ReadAndWritePageAsync(MemberPageMessage message, string? locationId, bool refreshEveryPackage, CancellationToken cancellationToken)
    {
        var integration = integrations.Get(message.Integration);
        var readAt = time.GetUtcNow();
        var source = sources.Members(integration);
        var page = await source.ReadMembersAsync(message.Cursor, message.RunId, cancellationToken).ConfigureAwait(false);
        var written = await clients.WriteAsync(integration.Name, page.Members, MemberStatusRule.For(integration), locationId, readAt, cancellationToken).ConfigureAwait(false);
        foreach (var bad in page.Malformed)
        {
            await notifications.RaiseMalformedAsync(integration.Name, bad, message.RunId, cancellationToken).ConfigureAwait(false);
        }

        if (page.NextCursor is not null)
        {
            await storage.EnqueueAsync(QueueNames.MemberPages, message with { Cursor = page.NextCursor }, cancellationToken).ConfigureAwait(false);
        }

        var pageKey = SyncRunStore.PageKey(message.Cursor);
        var forPackages = written.Kept.Where(c => refreshEveryPackage || c.CreatedOrChanged).Select(c => new MemberRef(c.Id, c.HomeLocationId, c.Created)).ToList();
        var chunks = forPackages.Chunk(integration.PackageChunkSize).ToList();
        for (var i = 0; i < chunks.Count; i++)
        {
            var chunk = new MemberPackagesMessage(integration.Name, message.RunId, pageKey, i, chunks.Count, chunks[i]);
            await storage.EnqueueAsync(QueueNames.MemberPackages, chunk, cancellationToken).ConfigureAwait(false);
        }

        var seenIds = page.Members.Select(m => m.Id).Concat(page.Malformed.Select(m => m.SourceId).OfType<string>()).ToList();
        var tally = new PageTally(page.Members.Count + page.Malformed.Count, written.Written, written.SkippedInactive, page.Malformed.Count, page.NextCursor, chunks.Count, seenIds, page.RosterComplete, page.Acknowledgement);
        await runs.RecordPageAsync(integration.Name, message.RunId, message.Cursor, tally, cancellationToken).ConfigureAwait(false);
        if (page.Acknowledgement is not null)
        {
            // Recorded, so never read again: the source may let go of it. If this fails, the daily acknowledgement pass
            // (RosterAcknowledgements) makes it.
            await acknowledgements.AcknowledgeAsync(integration, source, SyncRunStore.PagePrefix(message.RunId) + pageKey, page.Acknowledgement, cancellationToken).ConfigureAwait(false);
        }
        LogPage(pageKey, tally.MembersSeen, written.Created, written.Changed, written.Unchanged, page.Malformed.Count);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Page {Page}: {Seen} members seen; clients {Created} created, {Changed} changed, {Unchanged} unchanged; {Malformed} malformed")]
    private partial void LogPage(string page, int seen, int created, int changed, int unchanged, int malformed);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Page {Page} skipped: {Reason}")]
    private partial void LogSkipped(string page, string reason);
}
