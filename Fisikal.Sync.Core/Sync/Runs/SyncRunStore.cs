using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Fisikal.Sync.Core.Storage;

namespace Fisikal.Sync.Core.Sync.Runs;

/// <summary>
/// Sync runs (<c>SyncRuns</c>) and what each has finished (<c>SyncCheckpoints</c>): a row per page of
/// members (<c>run:{runId}:page:{cursor}</c>) and per chunk of package refreshes
/// (<c>run:{runId}:chunk:{page}:{n}</c>). A row is written once its work is durably done; progress is the
/// sum of the rows, so work done twice is counted once. The one owner of a run's row: its status moves only as
/// <see cref="SyncRun.CanMoveTo"/> allows, each move conditional on the row as read.
/// </summary>
public sealed class SyncRunStore(SyncStorage storage, TimeProvider time)
{
    private const int Attempts = 5;

    public async Task<SyncRunProgress> CreateAsync(string integration, SyncRunKind kind, string? locationId, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var runId = RunIdPrefix(now) + "-" + Guid.NewGuid().ToString("N")[..8];
        var entity = new TableEntity(integration, runId)
        {
            ["Kind"] = kind.ToString(),
            ["Status"] = nameof(SyncRunStatus.Queued),
            ["LocationId"] = locationId,
            ["CreatedAt"] = now,
        };
        await Runs.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
        return new SyncRunProgress { RunId = runId, Integration = integration, Kind = kind.ToString(), Status = SyncRunStatus.Queued, LocationId = locationId, CreatedAt = now };
    }

    public async Task<SyncRun?> GetRunAsync(string integration, string runId, CancellationToken cancellationToken = default) =>
        IsValidKey(runId) && await Runs.GetEntityOrNullAsync(integration, runId, cancellationToken: cancellationToken).ConfigureAwait(false) is { } row
            ? SyncRun.Of(row)
            : null;

    /// <summary>
    /// Whether a run of the integration is Queued or Running and not stuck (created within <see cref="SyncRun.StuckAfter"/>):
    /// then a scheduled scan does not start another (a key range: run ids start with their creation time).
    /// </summary>
    public async Task<bool> IsRunUnderWayAsync(string integration, CancellationToken cancellationToken = default)
    {
        var filter = $"{CreatedSince(integration, time.GetUtcNow() - SyncRun.StuckAfter)} and (Status eq 'Queued' or Status eq 'Running')";
        await foreach (var _ in Runs.QueryColumnsAsync(filter, ["RowKey"], maxPerPage: 1, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            return true;
        }

        return false;
    }

    /// <summary>The ids of the runs created after <paramref name="since"/>, oldest first (a key range, never the whole history).</summary>
    public async Task<IReadOnlyList<string>> RunIdsSinceAsync(string integration, DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        var ids = new List<string>();
        await foreach (var run in Runs.QueryColumnsAsync(CreatedSince(integration, since), ["RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            ids.Add(run.RowKey);
        }

        return ids;
    }

    private static string CreatedSince(string integration, DateTimeOffset since) =>
        $"PartitionKey eq {TableKeys.Quote(integration)} and RowKey ge {TableKeys.Quote(RunIdPrefix(since))}";

    private static string RunIdPrefix(DateTimeOffset at) => at.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    /// <summary>Queued → Running, when its first page is read (a run already past Queued stays as it is).</summary>
    public Task<bool> MarkRunningAsync(SyncRun run, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        return MoveAsync(run.Integration, run.RunId, SyncRunStatus.Running, new() { ["StartedAt"] = time.GetUtcNow() }, cancellationToken);
    }

    /// <summary>→ Completed, with how many clients its scan made inactive. False when it was finished already.</summary>
    public Task<bool> CompleteAsync(string integration, string runId, int clientsMadeInactive, CancellationToken cancellationToken = default) =>
        MoveAsync(integration, runId, SyncRunStatus.Completed, new() { ["CompletedAt"] = time.GetUtcNow(), ["ClientsMadeInactive"] = clientsMadeInactive }, cancellationToken);

    /// <summary>→ Failed, with the reason (capped). False when it was finished already: a Completed run never becomes Failed.</summary>
    public Task<bool> FailAsync(string integration, string runId, string error, CancellationToken cancellationToken = default) =>
        MoveAsync(integration, runId, SyncRunStatus.Failed, new() { ["CompletedAt"] = time.GetUtcNow(), ["Error"] = TableText.Cap(error) }, cancellationToken);

    /// <summary>Moves the run to <paramref name="next"/> if it may move there now, conditional on the row as read.</summary>
    private async Task<bool> MoveAsync(string integration, string runId, SyncRunStatus next, Dictionary<string, object?> columns, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            if (await GetRunAsync(integration, runId, cancellationToken).ConfigureAwait(false) is not { } run || !run.CanMoveTo(next))
            {
                return false;
            }

            var update = new TableEntity(columns) { PartitionKey = integration, RowKey = runId, ["Status"] = next.ToString() };
            try
            {
                await Runs.UpdateEntityAsync(update, run.ETag, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (RequestFailedException ex) when (ex.Status == 412 && attempt < Attempts)
            {
                // Another message moved it first: read again and decide again.
            }
        }
    }

    /// <summary>
    /// What a failed message means for its run: a configuration error (credentials refused) fails the run at
    /// once and the message is done (true: don't rethrow, retrying can't help); on the last delivery attempt
    /// the run fails with the reason and the message goes on to the poison queue (false: rethrow).
    /// </summary>
    public async Task<bool> RecordFailureAsync(string integration, string? runId, Exception error, long dequeueCount, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(error);
        if (runId is null || error is OperationCanceledException)
        {
            return false;
        }

        if (error is Sources.SourceException { IsConfigurationError: true })
        {
            await FailAsync(integration, runId, error.Message, cancellationToken).ConfigureAwait(false);
            return true;
        }

        if (dequeueCount >= DeliveryLimits.MaxDequeueCount)
        {
            await FailAsync(integration, runId, $"{error.GetType().Name}: {error.Message}", cancellationToken).ConfigureAwait(false);
        }

        return false;
    }

    /// <summary>A page's column: what to acknowledge at the source (<see cref="Sources.MemberPage.Acknowledgement"/>).</summary>
    public const string PageAcknowledgement = "Acknowledgement";

    /// <summary>A page's column: whether its acknowledgement was made.</summary>
    public const string PageAcknowledged = "Acknowledged";

    /// <summary>Recorded pages (of any retained run of the integration) that carry a source acknowledgement, made or not.</summary>
    public async Task<List<TableEntity>> PagesWithAcknowledgementAsync(string integration, CancellationToken cancellationToken = default)
    {
        var filter = $"PartitionKey eq {TableKeys.Quote(integration)} and RowKey ge 'run:' and RowKey lt 'run;' and {PageAcknowledgement} gt ''";
        var pages = new List<TableEntity>();
        await foreach (var page in Checkpoints.QueryColumnsAsync(filter, [PageAcknowledgement, PageAcknowledged], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (page.GetString(PageAcknowledgement) is { Length: > 0 })
            {
                pages.Add(page);
            }
        }

        return pages;
    }

    /// <summary>Marks a page's acknowledgement made.</summary>
    public Task MarkAcknowledgedAsync(string integration, string pageRowKey, CancellationToken cancellationToken = default) =>
        Checkpoints.UpsertEntityAsync(new TableEntity(integration, pageRowKey) { [PageAcknowledged] = true }, TableUpdateMode.Merge, cancellationToken);

    public static string PageKey(string? cursor) => cursor is null ? "start" : Uri.EscapeDataString(cursor);

    public async Task<bool> IsPageDoneAsync(string integration, string runId, string? cursor, CancellationToken cancellationToken = default) =>
        await Checkpoints.GetEntityOrNullAsync(integration, PagePrefix(runId) + PageKey(cursor), ["RowKey"], cancellationToken).ConfigureAwait(false) is not null;

    /// <summary>
    /// Records a finished page: written last, after its clients and every message it queued. The ids it saw go first,
    /// into rows of their own (<c>run:{runId}:seen:{page}:{n}</c>), packed under Table Storage's 64 KiB a property: a
    /// page can hold thousands of members (a Gladstone feed is one page).
    /// </summary>
    public async Task RecordPageAsync(string integration, string runId, string? cursor, PageTally tally, CancellationToken cancellationToken = default)
    {
        var pageKey = PageKey(cursor);
        var seenRows = SeenIdRows.Pack(tally.SeenIds)
            .Select((ids, n) => new TableEntity(integration, SeenKey(runId, pageKey, n)) { ["Ids"] = ids })
            .ToList();
        await Checkpoints.SubmitInBatchesAsync(
            seenRows.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, e)), cancellationToken, SeenIdRows.RowsPerTransaction).ConfigureAwait(false);

        var entity = new TableEntity(integration, PagePrefix(runId) + pageKey)
        {
            ["Cursor"] = cursor ?? string.Empty,
            ["NextPage"] = tally.NextCursor is null ? string.Empty : PageKey(tally.NextCursor),
            ["MembersSeen"] = tally.MembersSeen,
            ["ClientsWritten"] = tally.ClientsWritten,
            ["SkippedInactive"] = tally.SkippedInactive,
            ["Errors"] = tally.Errors,
            ["Chunks"] = tally.Chunks,
            ["SeenRows"] = seenRows.Count,
            ["RosterComplete"] = tally.RosterComplete,
            ["CompletedAt"] = time.GetUtcNow(),
        };
        if (tally.Acknowledgement is { } acknowledgement)
        {
            entity[PageAcknowledgement] = acknowledgement;
            entity[PageAcknowledged] = false;
        }

        await Checkpoints.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The member ids the given pages of a run saw (one range query over the run's seen rows).</summary>
    public async Task<HashSet<string>> SeenIdsAsync(string integration, string runId, IReadOnlySet<string> pageKeys, CancellationToken cancellationToken = default)
    {
        var prefix = $"run:{runId}:seen:";
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in await RangeAsync(integration, prefix, ["RowKey", "Ids"], cancellationToken).ConfigureAwait(false))
        {
            var pageKey = row.RowKey[prefix.Length..row.RowKey.LastIndexOf(':')];
            if (pageKeys.Contains(pageKey))
            {
                seen.UnionWith(SeenIdRows.Unpack(row.GetString("Ids")));
            }
        }

        return seen;
    }

    public async Task<bool> IsChunkDoneAsync(string integration, string runId, string pageKey, int index, CancellationToken cancellationToken = default) =>
        await Checkpoints.GetEntityOrNullAsync(integration, ChunkKey(runId, pageKey, index), ["RowKey"], cancellationToken).ConfigureAwait(false) is not null;

    public Task RecordChunkAsync(string integration, string runId, string pageKey, int index, ChunkTally tally, CancellationToken cancellationToken = default)
    {
        var entity = new TableEntity(integration, ChunkKey(runId, pageKey, index))
        {
            ["Members"] = tally.Members,
            ["PackagesAssigned"] = tally.PackagesAssigned,
            ["PackagesWritten"] = tally.PackagesWritten,
            ["Unmatched"] = tally.Unmatched,
            ["Errors"] = tally.Errors,
            ["CompletedAt"] = time.GetUtcNow(),
        };
        return Checkpoints.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
    }

    public Task<List<TableEntity>> PagesAsync(string integration, string runId, CancellationToken cancellationToken = default) =>
        RangeAsync(integration, PagePrefix(runId), null, cancellationToken);

    public Task<List<TableEntity>> ChunksAsync(string integration, string runId, string? pageKey = null, CancellationToken cancellationToken = default) =>
        RangeAsync(integration, ChunkPrefix(runId) + (pageKey is null ? string.Empty : pageKey + ":"), ["RowKey", "Members", "PackagesAssigned", "PackagesWritten", "Unmatched", "Errors"], cancellationToken);

    public async Task<SyncRunProgress?> GetProgressAsync(string integration, string runId, CancellationToken cancellationToken = default)
    {
        var run = await GetRunAsync(integration, runId, cancellationToken).ConfigureAwait(false);
        if (run is null)
        {
            return null;
        }

        var pages = await RangeAsync(integration, PagePrefix(runId), ["MembersSeen", "ClientsWritten", "SkippedInactive", "Errors", "Chunks"], cancellationToken).ConfigureAwait(false);
        var chunks = await ChunksAsync(integration, runId, cancellationToken: cancellationToken).ConfigureAwait(false);
        int Sum(IEnumerable<TableEntity> rows, string column) => rows.Sum(r => r.GetInt32(column) ?? 0);
        return new SyncRunProgress
        {
            RunId = runId,
            Integration = integration,
            Kind = run.Kind.ToString(),
            Status = run.Status,
            LocationId = run.LocationId,
            CreatedAt = run.CreatedAt,
            StartedAt = run.StartedAt,
            CompletedAt = run.CompletedAt,
            PagesRead = pages.Count,
            MembersSeen = Sum(pages, "MembersSeen"),
            ClientsWritten = Sum(pages, "ClientsWritten"),
            SkippedInactive = Sum(pages, "SkippedInactive"),
            PackageChunks = Sum(pages, "Chunks"),
            PackageChunksDone = chunks.Count,
            MembersWithPackagesChecked = Sum(chunks, "Members"),
            PackagesAssigned = Sum(chunks, "PackagesAssigned"),
            PackagesWritten = Sum(chunks, "PackagesWritten"),
            Unmatched = Sum(chunks, "Unmatched"),
            ClientsMadeInactive = run.ClientsMadeInactive,
            Errors = Sum(pages, "Errors") + Sum(chunks, "Errors"),
            Error = run.Error,
        };
    }

    /// <summary>
    /// Deletes the finished runs created before <paramref name="cutoff"/> (run ids start with their UTC creation time) and
    /// their checkpoints, checkpoints first: a run row is only gone once nothing of it is left. A run never finished stays,
    /// for an operator to see. Returns how many rows it deleted.
    /// </summary>
    public async Task<int> DeleteFinishedBeforeAsync(string integration, DateTimeOffset cutoff, CancellationToken cancellationToken = default)
    {
        var old = new List<SyncRun>();
        var filter = $"PartitionKey eq {TableKeys.Quote(integration)} and RowKey lt {TableKeys.Quote(RunIdPrefix(cutoff))}";
        await foreach (var row in Runs.QueryColumnsAsync(filter, ["Status"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (SyncRun.Of(row) is { IsFinished: true } run)
            {
                old.Add(run);
            }
        }

        var removed = 0;
        foreach (var run in old)
        {
            var checkpoints = await RangeAsync(integration, $"run:{run.RunId}:", ["RowKey"], cancellationToken).ConfigureAwait(false);
            removed += await Checkpoints.SubmitInBatchesAsync(checkpoints.Select(r => new TableTransactionAction(TableTransactionActionType.Delete, r, ETag.All)), cancellationToken).ConfigureAwait(false);
            await Runs.DeleteEntityAsync(integration, run.RunId, ETag.All, cancellationToken).ConfigureAwait(false);
            removed++;
        }

        return removed;
    }

    private TableClient Runs => storage.Table(TableNames.SyncRuns);

    private TableClient Checkpoints => storage.Table(TableNames.SyncCheckpoints);

    /// <summary>The page key of a page row (the part of its RowKey after the run's page prefix).</summary>
    public static string PageKeyOf(TableEntity pageRow, string runId) => pageRow.RowKey[PagePrefix(runId).Length..];

    public static string PagePrefix(string runId) => $"run:{runId}:page:";

    private static string ChunkPrefix(string runId) => $"run:{runId}:chunk:";

    private static string SeenKey(string runId, string pageKey, int index) =>
        $"run:{runId}:seen:{pageKey}:{index.ToString("D4", CultureInfo.InvariantCulture)}";

    private static string ChunkKey(string runId, string pageKey, int index) =>
        $"{ChunkPrefix(runId)}{pageKey}:{index.ToString("D4", CultureInfo.InvariantCulture)}";

    private async Task<List<TableEntity>> RangeAsync(string integration, string prefix, IEnumerable<string>? select, CancellationToken cancellationToken)
    {
        // Every key with the prefix: from the prefix up to the prefix with its last character ':' raised to ';'.
        var filter = $"PartitionKey eq {TableKeys.Quote(integration)} and RowKey ge {TableKeys.Quote(prefix)} and RowKey lt {TableKeys.Quote(prefix[..^1] + ";")}";
        var rows = new List<TableEntity>();
        await foreach (var row in Checkpoints.QueryColumnsAsync(filter, select, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            rows.Add(row);
        }

        return rows;
    }

    private static bool IsValidKey(string value)
    {
        try
        {
            TableKeys.ValidateKey(value, "runId");
            return value.Length > 0;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
