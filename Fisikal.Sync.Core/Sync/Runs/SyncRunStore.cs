using System.Globalization;
using Azure;
using Fisikal.Sync.Core.Storage.Tables;

namespace Fisikal.Sync.Core.Sync.Runs;

/// <summary>
/// Initial-sync runs (<c>SyncRuns</c>) and the pages each has finished (<c>SyncCheckpoints</c>, one row a page).
/// A page's row is written once its clients are durably written; progress is the sum of those rows,
/// so a page processed twice is counted once.
/// </summary>
public sealed class SyncRunStore
{
    private readonly SyncStorage _storage;
    private readonly TimeProvider _time;

    public SyncRunStore(SyncStorage storage, TimeProvider time)
    {
        _storage = storage;
        _time = time;
    }

    public async Task<SyncRunProgress> CreateAsync(string integration, string kind, string? locationId, CancellationToken cancellationToken = default)
    {
        var now = _time.GetUtcNow();
        var runId = now.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..8];
        var entity = new TableEntity(integration, runId)
        {
            ["Kind"] = kind,
            ["Status"] = nameof(SyncRunStatus.Queued),
            ["LocationId"] = locationId,
            ["CreatedAt"] = now,
        };
        await Runs.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
        return new SyncRunProgress { RunId = runId, Integration = integration, Status = SyncRunStatus.Queued, LocationId = locationId, CreatedAt = now };
    }

    public Task<TableEntity?> GetRunAsync(string integration, string runId, CancellationToken cancellationToken = default) =>
        IsValidRunId(runId) ? Runs.GetEntityIfExistsAsync(integration, runId, cancellationToken: cancellationToken) : Task.FromResult<TableEntity?>(null);

    public async Task MarkRunningAsync(TableEntity run, CancellationToken cancellationToken = default)
    {
        if (run.GetString("Status") != nameof(SyncRunStatus.Queued))
        {
            return;
        }

        var update = new TableEntity(run.PartitionKey, run.RowKey) { ["Status"] = nameof(SyncRunStatus.Running), ["StartedAt"] = _time.GetUtcNow() };
        try
        {
            await Runs.UpdateEntityAsync(update, run.ETag, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == 412)
        {
            // Another page got there first.
        }
    }

    public Task MarkFinishedAsync(string integration, string runId, SyncRunStatus status, string? error, CancellationToken cancellationToken = default)
    {
        var update = new TableEntity(integration, runId)
        {
            ["Status"] = status.ToString(),
            ["CompletedAt"] = _time.GetUtcNow(),
            ["Error"] = error,
        };
        return Runs.UpdateEntityAsync(update, ETag.All, TableUpdateMode.Merge, cancellationToken);
    }

    public async Task<bool> IsPageDoneAsync(string integration, string runId, string? cursor, CancellationToken cancellationToken = default) =>
        await Checkpoints.GetEntityIfExistsAsync(integration, PageKey(runId, cursor), ["RowKey"], cancellationToken).ConfigureAwait(false) is not null;

    /// <summary>Records a finished page. Written last, after its clients and the next page's message.</summary>
    public Task RecordPageAsync(string integration, string runId, string? cursor, PageTally tally, CancellationToken cancellationToken = default)
    {
        var entity = new TableEntity(integration, PageKey(runId, cursor))
        {
            ["Cursor"] = cursor ?? string.Empty,
            ["NextCursor"] = tally.NextCursor ?? string.Empty,
            ["MembersSeen"] = tally.MembersSeen,
            ["ClientsWritten"] = tally.ClientsWritten,
            ["SkippedInactive"] = tally.SkippedInactive,
            ["Errors"] = tally.Errors,
            ["CompletedAt"] = _time.GetUtcNow(),
        };
        return Checkpoints.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
    }

    public async Task<SyncRunProgress?> GetProgressAsync(string integration, string runId, CancellationToken cancellationToken = default)
    {
        var run = await GetRunAsync(integration, runId, cancellationToken).ConfigureAwait(false);
        if (run is null)
        {
            return null;
        }

        var prefix = $"run:{runId}:page:";
        var filter = $"PartitionKey eq {TableKeys.Quote(integration)} and RowKey ge {TableKeys.Quote(prefix)} and RowKey lt {TableKeys.Quote(prefix[..^1] + ";")}";
        int pages = 0, seen = 0, written = 0, skipped = 0, errors = 0;
        await foreach (var page in Checkpoints.QueryAsync(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            pages++;
            seen += page.GetInt32("MembersSeen") ?? 0;
            written += page.GetInt32("ClientsWritten") ?? 0;
            skipped += page.GetInt32("SkippedInactive") ?? 0;
            errors += page.GetInt32("Errors") ?? 0;
        }

        return new SyncRunProgress
        {
            RunId = runId,
            Integration = integration,
            Status = Enum.TryParse<SyncRunStatus>(run.GetString("Status"), out var s) ? s : SyncRunStatus.Queued,
            LocationId = run.GetString("LocationId"),
            CreatedAt = run.GetDateTimeOffset("CreatedAt"),
            StartedAt = run.GetDateTimeOffset("StartedAt"),
            CompletedAt = run.GetDateTimeOffset("CompletedAt"),
            PagesRead = pages,
            MembersSeen = seen,
            ClientsWritten = written,
            SkippedInactive = skipped,
            Errors = errors,
            Error = run.GetString("Error"),
        };
    }

    private TableClient Runs => _storage.Table(TableNames.SyncRuns);

    private TableClient Checkpoints => _storage.Table(TableNames.SyncCheckpoints);

    private static string PageKey(string runId, string? cursor) => $"run:{runId}:page:{(cursor is null ? "start" : Uri.EscapeDataString(cursor))}";

    private static bool IsValidRunId(string runId)
    {
        try
        {
            TableKeys.ValidateKey(runId, "runId");
            return runId.Length > 0;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
