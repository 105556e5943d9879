using Fisikal.Sync.Core.Sync.Clients;
using System.Globalization;
using Azure.Data.Tables;
using Fisikal.Sync.Core.Storage;
using Microsoft.Extensions.Logging;

namespace Fisikal.Sync.Core.Sync.Retention;

/// <summary>
/// Prunes what the sync records for itself, on a schedule (<c>Retention</c>, daily at a quiet hour), so no table grows
/// forever and nothing reads all history: an integration's finished <c>SyncRuns</c> and their <c>run:{id}:*</c>
/// checkpoints, its <c>WebhookEvents</c> hours and <c>RateBudgets</c> windows, and (shared by every integration, so any
/// run may do it) expired <c>MemberTokenNonces</c> and stale <c>LoginAttempts</c>. Each query is a key range or a
/// small table; deletes go in transactions of at most 100 rows of one partition. It also expires what a Deleted client
/// still holds Active (<see cref="ExpireDeletedClientsPackagesAsync"/>).
/// </summary>
public sealed partial class RetentionSweep(SyncStorage storage, ClientStore clients, Runs.SyncRunStore runs, Packages.ClientPackageWriter packages, TimeProvider time, ILogger<RetentionSweep> logger)
{
    public async Task<int> RunAsync(string integration, CancellationToken cancellationToken = default)
    {
        await ExpireDeletedClientsPackagesAsync(integration, cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        var removed = await runs.DeleteFinishedBeforeAsync(integration, now - RetentionPolicy.SyncRuns, cancellationToken).ConfigureAwait(false);
        removed += await PruneWebhookEventsAsync(integration, now - RetentionPolicy.WebhookEvents, cancellationToken).ConfigureAwait(false);
        removed += await DeleteAsync(
            TableNames.RateBudgets,
            $"PartitionKey eq {TableKeys.Quote(integration)} and WindowStart lt {Date(now - RetentionPolicy.RateBudgets)}",
            cancellationToken).ConfigureAwait(false);
        removed += await DeleteAsync(TableNames.MemberTokenNonces, $"ExpiresAt lt {Date(now)}", cancellationToken).ConfigureAwait(false);
        var stale = Date(now - RetentionPolicy.LoginAttempts);
        removed += await DeleteAsync(
            TableNames.LoginAttempts,
            $"LastFailureAt lt {stale} and LockedUntil lt {stale}",
            cancellationToken).ConfigureAwait(false);
        LogPruned(integration, removed);
        return removed;
    }

    /// <summary>
    /// Every package of a Deleted client becomes Expired. A client is deleted with its packages expired first, so this finds
    /// only what an older version of the app left (it deleted clients and left their packages Active, and nothing else
    /// revisits a deleted client): one query per deleted client a day, most of them answering nothing. Returns how many
    /// rows it expired.
    /// </summary>
    public async Task<int> ExpireDeletedClientsPackagesAsync(string integration, CancellationToken cancellationToken = default)
    {
        var deleted = new List<string>();
        await foreach (var clientId in clients.ListDeletedIdsAsync(integration, cancellationToken).ConfigureAwait(false))
        {
            deleted.Add(clientId);
        }

        var expired = 0;
        foreach (var clientId in deleted)
        {
            expired += await packages.ExpireAllAsync(integration, clientId, cancellationToken).ConfigureAwait(false);
        }

        if (expired > 0)
        {
            LogStrayPackages(integration, expired);
        }

        return expired;
    }

    /// <summary>Webhook hours before the cutoff: partitions <c>{integration}:{yyyyMMddHH}</c>, a key range.</summary>
    private Task<int> PruneWebhookEventsAsync(string integration, DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        var from = integration + ":";
        var to = integration + ":" + cutoff.UtcDateTime.ToString("yyyyMMddHH", CultureInfo.InvariantCulture);
        return DeleteAsync(TableNames.WebhookEvents, $"PartitionKey ge {TableKeys.Quote(from)} and PartitionKey lt {TableKeys.Quote(to)}", cancellationToken);
    }

    private async Task<int> DeleteAsync(string tableName, string filter, CancellationToken cancellationToken)
    {
        var table = storage.Table(tableName);
        var rows = new List<TableEntity>();
        await foreach (var row in table.QueryColumnsAsync(filter, ["PartitionKey", "RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            rows.Add(new TableEntity(row.PartitionKey, row.RowKey));
        }

        await table.SubmitInBatchesAsync(rows.Select(r => new TableTransactionAction(TableTransactionActionType.Delete, r, Azure.ETag.All)), cancellationToken).ConfigureAwait(false);

        return rows.Count;
    }

    private static string Date(DateTimeOffset at) => $"datetime'{at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)}'";

    [LoggerMessage(Level = LogLevel.Warning, Message = "Integration {Integration}: {Expired} Active packages of deleted clients expired")]
    private partial void LogStrayPackages(string integration, int expired);

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention for {Integration}: {Removed} rows past their keeping removed")]
    private partial void LogPruned(string integration, int removed);
}
