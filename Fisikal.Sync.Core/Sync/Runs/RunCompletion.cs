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
public sealed partial class RunCompletion(SyncRunStore runs, ClientStore clients, TimeProvider time, ILogger<RunCompletion> logger)
{
    public async Task<bool> TryCompleteAsync(string integration, string runId, CancellationToken cancellationToken = default)
    {
        var run = await runs.GetRunAsync(integration, runId, cancellationToken).ConfigureAwait(false);
        if (run is null || run.IsFinished)
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
        var madeInactive = run.ScansEveryMember && rosterComplete
            ? await clients.MakeAbsentInactiveAsync(
                integration,
                runId,
                await runs.SeenIdsAsync(integration, runId, chain, cancellationToken).ConfigureAwait(false),
                run.ScanStartedAt(time.GetUtcNow()),
                cancellationToken).ConfigureAwait(false)
            : 0;
        if (!await runs.CompleteAsync(integration, runId, madeInactive, cancellationToken).ConfigureAwait(false))
        {
            return false; // finished meanwhile (failed, or completed by another message)
        }

        LogCompleted(integration, runId, madeInactive);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Integration {Integration}: run {RunId} completed; {MadeInactive} clients absent at the source made Inactive")]
    private partial void LogCompleted(string integration, string runId, int madeInactive);
}
