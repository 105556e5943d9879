using Azure.Data.Tables;
using Fisikal.Sync.Core.Storage;
using Fisikal.Sync.Core.Sync.Notifications;

namespace Fisikal.Sync.Core.Sync.Packages;

/// <summary>
/// Which members hold a purchase whose Alt ID has no platform package (table <c>UnmatchedPackages</c>, ours: PartitionKey
/// <c>{integration}:{memberId}</c>, RowKey the Alt ID), kept exact as each member's packages are refreshed: so the status
/// page can say how many members an unmatched Alt ID affects, and the count falls as packages are created.
/// </summary>
public sealed class UnmatchedPackageLedger(SyncStorage storage, TimeProvider time)
{
    /// <summary>Sets a member's unmatched Alt IDs to <paramref name="altIds"/> (one read of the member's partition, unless the client is new).</summary>
    public async Task RecordAsync(string integration, string memberId, IReadOnlyCollection<string> altIds, bool newClient, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(altIds);
        var table = storage.Table(TableNames.UnmatchedPackages);
        var partition = $"{integration}:{memberId}";
        var wanted = altIds.ToDictionary(NotificationStore.SafeKey, a => a, StringComparer.Ordinal);
        var held = new HashSet<string>(StringComparer.Ordinal);
        if (!newClient)
        {
            await foreach (var row in table.QueryColumnsAsync($"PartitionKey eq {TableKeys.Quote(partition)}", ["RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                held.Add(row.RowKey);
            }
        }

        var actions = wanted.Where(w => !held.Contains(w.Key))
            .Select(w => new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity(partition, w.Key) { ["AltId"] = w.Value, ["MemberId"] = memberId, ["SeenAt"] = time.GetUtcNow() }))
            .Concat(held.Where(h => !wanted.ContainsKey(h)).Select(h => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(partition, h))))
            .ToList();
        await table.SubmitInBatchesAsync(actions, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Closes the open <c>UnmatchedPackage</c> notifications no member holds any more (a package was created, or the
    /// purchases ended). A later refresh that meets the Alt ID again opens it again. Returns how many it closed.
    /// </summary>
    public async Task<int> CloseResolvedAsync(string integration, CancellationToken cancellationToken = default)
    {
        var holders = await CountsAsync(integration, cancellationToken).ConfigureAwait(false);
        var notifications = storage.Table(TableNames.Notifications);
        var resolved = new List<string>();
        var filter = $"PartitionKey eq {TableKeys.Quote(integration)} and Open eq true and Kind eq 'UnmatchedPackage'";
        await foreach (var n in notifications.QueryColumnsAsync(filter, ["AltId"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (n.GetString("AltId") is { } altId && holders.GetValueOrDefault(altId) == 0)
            {
                resolved.Add(n.RowKey);
            }
        }

        foreach (var id in resolved)
        {
            await notifications.UpsertEntityAsync(new TableEntity(integration, id) { ["Open"] = false, ["ClosedAt"] = time.GetUtcNow() }, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
        }

        return resolved.Count;
    }

    /// <summary>Members per unmatched Alt ID, for one integration.</summary>
    public async Task<Dictionary<string, int>> CountsAsync(string integration, CancellationToken cancellationToken = default)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var filter = $"PartitionKey ge {TableKeys.Quote(integration + ":")} and PartitionKey lt {TableKeys.Quote(integration + ";")}";
        await foreach (var row in storage.Table(TableNames.UnmatchedPackages).QueryColumnsAsync(filter, ["AltId"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            var altId = row.GetString("AltId") ?? row.RowKey;
            counts[altId] = counts.GetValueOrDefault(altId) + 1;
        }

        return counts;
    }
}
