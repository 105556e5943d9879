using Azure;
using Azure.Data.Tables;
using Fisikal.Sync.Core.Storage;
using Fisikal.Sync.Core.Sync.Clients;
using Microsoft.Extensions.Logging;

namespace Fisikal.Sync.Core.Sync.Runs;

/// <summary>
/// Ends a run when all its work is recorded: the chain of pages from the first to the last is whole, and
/// every package chunk the pages queued is done. Safe to call any number of times, from any message, so a
/// crash anywhere leaves a run that the next delivery completes. A complete scan of every member (no
/// location, and every page of a read the source says is a complete roster: PerfectGym lists every customer,
/// former members and prospects too, so one it no longer lists was deleted there) then makes Deleted and
/// Inactive the clients it did not see; never after a partial one, nor after a change feed's (Gladstone).
/// </summary>
public sealed partial class RunCompletion(SyncRunStore runs, SyncStorage storage, Packages.ClientPackageWriter packages, TimeProvider time, ILogger<RunCompletion> logger)
{
    /// <summary>Ours, on <c>Clients</c>: the run whose complete scan no longer saw the member.</summary>
    public const string MadeInactiveByRun = "MadeInactiveByRun";

    public async Task<bool> TryCompleteAsync(string integration, string runId, CancellationToken cancellationToken = default)
    {
        var run = await runs.GetRunAsync(integration, runId, cancellationToken).ConfigureAwait(false);
        if (run is null || SyncRunStore.IsFinished(run))
        {
            return false;
        }

        var pages = (await runs.PagesAsync(integration, runId, cancellationToken).ConfigureAwait(false))
            .ToDictionary(p => SyncRunStore.PageKeyOf(p, runId), StringComparer.Ordinal);
        var chain = new HashSet<string>(StringComparer.Ordinal);
        var rosterComplete = true;
        var expectedChunks = 0;
        for (var key = SyncRunStore.PageKey(null); ;)
        {
            if (!pages.TryGetValue(key, out var page))
            {
                return false;
            }

            if (!chain.Add(key))
            {
                throw new InvalidOperationException($"Run {runId} of integration '{integration}': its chain of pages comes back to page '{key}'; the source's paging repeats itself.");
            }

            expectedChunks += page.GetInt32("Chunks") ?? 0;
            rosterComplete &= page.GetBoolean("RosterComplete") == true;
            key = page.GetString("NextPage") ?? string.Empty;
            if (key.Length == 0)
            {
                break;
            }
        }

        if ((await runs.ChunksAsync(integration, runId, cancellationToken: cancellationToken).ConfigureAwait(false)).Count < expectedChunks)
        {
            return false;
        }

        // Only a complete roster of every member (not one location's, not a change feed's) tells who is gone.
        var madeInactive = run.GetString("LocationId") is null && rosterComplete
            ? await MakeAbsentInactiveAsync(
                integration,
                runId,
                await runs.SeenIdsAsync(integration, runId, chain, cancellationToken).ConfigureAwait(false),
                run.GetDateTimeOffset("StartedAt") ?? run.GetDateTimeOffset("CreatedAt") ?? time.GetUtcNow(),
                cancellationToken).ConfigureAwait(false)
            : 0;
        var update = new TableEntity(integration, runId)
        {
            ["Status"] = nameof(SyncRunStatus.Completed),
            ["CompletedAt"] = time.GetUtcNow(),
            ["ClientsMadeInactive"] = madeInactive,
        };
        await storage.Table(TableNames.SyncRuns).UpdateEntityAsync(update, ETag.All, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
        LogCompleted(integration, runId, madeInactive);
        return true;
    }

    /// <summary>
    /// Active clients the scan did not see become Inactive, unless something wrote them after the scan
    /// began (a webhook's new member, say): the scan can't have seen those. Each is marked with the run,
    /// and the count is of marked rows, so two messages completing the run at once record the same number.
    /// </summary>
    private async Task<int> MakeAbsentInactiveAsync(string integration, string runId, HashSet<string> seen, DateTimeOffset scanStarted, CancellationToken cancellationToken)
    {
        var table = storage.Table(TableNames.Clients);
        var filter = $"PartitionKey eq {TableKeys.Quote(integration)} and Status eq {TableKeys.Quote(ClientColumns.Active)}";
        var absent = new List<TableEntity>();
        await foreach (var client in table.QueryColumnsAsync(filter, [ClientColumns.SyncedAt], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (seen.Contains(client.RowKey) || client.GetDateTimeOffset(ClientColumns.SyncedAt) >= scanStarted)
            {
                continue;
            }

            absent.Add(new TableEntity(integration, client.RowKey)
            {
                [ClientColumns.Status] = ClientColumns.Inactive,
                [ClientColumns.Deleted] = true,
                [ClientColumns.SourceStatus] = "ABSENT",
                [ClientColumns.ContentHash] = string.Empty,
                [ClientColumns.SyncedAt] = time.GetUtcNow(),
                [MadeInactiveByRun] = runId,
            });
        }

        // Their packages expire first, so a Deleted client never holds an Active package.
        foreach (var client in absent)
        {
            await packages.ExpireAllAsync(integration, client.RowKey, cancellationToken).ConfigureAwait(false);
        }

        await table.SubmitInBatchesAsync(absent.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertMerge, e)), cancellationToken).ConfigureAwait(false);

        var marked = 0;
        var byRun = $"PartitionKey eq {TableKeys.Quote(integration)} and {MadeInactiveByRun} eq {TableKeys.Quote(runId)}";
        await foreach (var _ in table.QueryColumnsAsync(byRun, ["RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            marked++;
        }

        return marked;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Integration {Integration}: run {RunId} completed; {MadeInactive} clients absent at the source made Inactive")]
    private partial void LogCompleted(string integration, string runId, int madeInactive);
}
