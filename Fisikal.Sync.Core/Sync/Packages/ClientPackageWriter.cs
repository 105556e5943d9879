using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Fisikal.Sync.Core.Sources;
using Azure.Data.Tables;
using Fisikal.Sync.Core.Storage;

namespace Fisikal.Sync.Core.Sync.Packages;

/// <summary>
/// One client's packages, kept in the client's own partition (<c>{integration}:{clientId}</c>) and written
/// in one transaction. A purchase becomes a row only when one of its Alt IDs is a platform package; a row
/// whose purchase no longer matches (gone at the source, or its package removed) is marked Expired, not
/// deleted; rows that did not change are not written. Only what was read counts as gone: a row of a purchase the
/// source sent but could not be read is left as it is, and when one's id could not be read, no row is expired.
/// </summary>
public sealed class ClientPackageWriter(SyncStorage storage, TimeProvider time)
{
    /// <param name="read">The member's purchases as read (not <see cref="PurchaseRead.Gone"/>).</param>
    /// <param name="newClient">The client row was just created, so its partition is known to be empty and is not read.</param>
    public async Task<PackageWriteResult> WriteAsync(
        string integration, string clientId, string? homeLocationId, PurchaseRead read, IReadOnlySet<string> catalog, bool newClient = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(read);
        var purchases = read.Purchases ?? throw new ArgumentException("The member is gone at the source: there are no purchases to write.", nameof(read));
        var untouchable = read.Untouchable;
        var table = storage.Table(TableNames.ClientPackages);
        var partition = PartitionKey(integration, clientId);
        var existing = newClient ? [] : await RowsAsync(table, partition, cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        var (desired, unmatched) = Desired(partition, clientId, homeLocationId, purchases, catalog);
        foreach (var (rowKey, row) in existing)
        {
            if (!desired.ContainsKey(rowKey) && IsActive(row) && untouchable?.Contains(rowKey) == false)
            {
                desired[rowKey] = Expired(partition, rowKey);
            }
        }

        var changes = new List<TableTransactionAction>();
        foreach (var entity in desired.Values)
        {
            var isFull = entity.ContainsKey(ClientPackageColumns.PackageAltId);
            var hash = isFull ? Hash(entity) : null;
            if (hash is not null && existing.TryGetValue(entity.RowKey, out var old) && old.GetString(ClientPackageColumns.ContentHash) == hash)
            {
                continue;
            }

            entity[ClientPackageColumns.ContentHash] = hash ?? Expired(partition, entity.RowKey).GetString(ClientPackageColumns.ContentHash);
            entity[ClientPackageColumns.SyncedAt] = now;
            changes.Add(new TableTransactionAction(TableTransactionActionType.UpsertMerge, entity));
        }

        await SubmitAsync(table, changes, cancellationToken).ConfigureAwait(false);
        var assigned = desired.Values.Count(e => e.GetString(ClientPackageColumns.Status) == ClientPackageColumns.Active);
        return new PackageWriteResult(assigned, changes.Count, unmatched);
    }

    /// <summary>The rows the purchases stand for (each under the first of its Alt IDs the platform has), and the Alt IDs it lacks.</summary>
    private static (Dictionary<string, TableEntity> Desired, List<string> Unmatched) Desired(
        string partition, string clientId, string? homeLocationId, IReadOnlyList<SourcePurchase> purchases, IReadOnlySet<string> catalog)
    {
        var desired = new Dictionary<string, TableEntity>(StringComparer.Ordinal);
        var unmatched = new List<string>();
        foreach (var purchase in purchases)
        {
            if (purchase.AltIdCandidates.FirstOrDefault(catalog.Contains) is not { } altId)
            {
                unmatched.Add(purchase.AltIdCandidates[0]);
                continue;
            }

            desired[purchase.RowKey] = new TableEntity(partition, purchase.RowKey)
            {
                [ClientPackageColumns.ClientId] = clientId,
                [ClientPackageColumns.PackageAltId] = altId,
                [ClientPackageColumns.StartDate] = Date(purchase.StartDate),
                [ClientPackageColumns.EndDate] = Date(purchase.EndDate),
                [ClientPackageColumns.LocationId] = purchase.LocationId ?? homeLocationId ?? string.Empty,
                [ClientPackageColumns.LocationTierAltId] = purchase.LocationTierAltId ?? string.Empty,
                [ClientPackageColumns.Status] = purchase.Running ? ClientPackageColumns.Active : ClientPackageColumns.Expired,
            };
        }

        return (desired, unmatched);
    }

    /// <summary>
    /// Every package of a client that is not Expired becomes Expired: the client is being deleted, and a platform that
    /// trusts <c>ClientPackages.Status</c> must never grant a deleted member access. Returns how many rows it expired.
    /// </summary>
    public async Task<int> ExpireAllAsync(string integration, string clientId, CancellationToken cancellationToken = default)
    {
        var table = storage.Table(TableNames.ClientPackages);
        var partition = PartitionKey(integration, clientId);
        var now = time.GetUtcNow();
        var changes = (await RowsAsync(table, partition, cancellationToken, onlyActive: true).ConfigureAwait(false)).Values
            .Select(row => new TableTransactionAction(TableTransactionActionType.UpsertMerge, Expired(partition, row.RowKey, now)))
            .ToList();
        await SubmitAsync(table, changes, cancellationToken).ConfigureAwait(false);
        return changes.Count;
    }

    public static string PartitionKey(string integration, string clientId) => $"{integration}:{clientId}";

    private static bool IsActive(TableEntity row) => row.GetString(ClientPackageColumns.Status) != ClientPackageColumns.Expired;

    private static TableEntity Expired(string partition, string rowKey, DateTimeOffset? at = null)
    {
        var entity = new TableEntity(partition, rowKey) { [ClientPackageColumns.Status] = ClientPackageColumns.Expired, [ClientPackageColumns.ContentHash] = "expired" };
        if (at is { } now)
        {
            entity[ClientPackageColumns.SyncedAt] = now;
        }

        return entity;
    }

    private static async Task<Dictionary<string, TableEntity>> RowsAsync(TableClient table, string partition, CancellationToken cancellationToken, bool onlyActive = false)
    {
        var rows = new Dictionary<string, TableEntity>(StringComparer.Ordinal);
        var filter = $"PartitionKey eq {TableKeys.Quote(partition)}" + (onlyActive ? $" and {ClientPackageColumns.Status} ne {TableKeys.Quote(ClientPackageColumns.Expired)}" : string.Empty);
        await foreach (var row in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            rows[row.RowKey] = row;
        }

        return rows;
    }

    private static async Task SubmitAsync(TableClient table, List<TableTransactionAction> changes, CancellationToken cancellationToken)
    {
        await table.SubmitInBatchesAsync(changes, cancellationToken).ConfigureAwait(false);

        Diagnostics.SyncTelemetry.EntityWrites.Add(changes.Count, Diagnostics.SyncTelemetry.Tag("table", TableNames.ClientPackages));
    }

    private static string Date(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? string.Empty;

    private static string Hash(TableEntity entity)
    {
        var text = string.Join('\u001f', new[]
        {
            ClientPackageColumns.PackageAltId, ClientPackageColumns.StartDate, ClientPackageColumns.EndDate,
            ClientPackageColumns.LocationId, ClientPackageColumns.LocationTierAltId, ClientPackageColumns.Status,
        }.Select(c => entity.GetString(c)));
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..32];
    }
}
