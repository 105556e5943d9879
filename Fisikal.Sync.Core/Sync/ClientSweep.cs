using Fisikal.Sync.Core.Storage.Tables;
using Fisikal.Sync.Core.Sync.Clients;
using Fisikal.Sync.Core.Sync.Packages;

namespace Fisikal.Sync.Core.Sync;

/// <summary>
/// A rotating sweep over an integration's clients, a batch per run, in key order from where the last run
/// stopped. Its state is a <c>sweep:{name}</c> row of <c>SyncCheckpoints</c>: <c>Cursor</c>, <c>CycleStartedAt</c>,
/// and <c>LastCycleStartedAt</c> / <c>LastCycleCompletedAt</c> of the last whole cycle, so everything was
/// re-checked at most <c>now - LastCycleStartedAt</c> ago.
/// </summary>
public sealed class ClientSweep(SyncStorage storage, TimeProvider time)
{
    public static string RowKey(string name) => "sweep:" + name;

    /// <summary>A sweep's batch: the configured one, or half of what its tightest endpoint allows a minute (the rest is left for changes).</summary>
    public static int BatchSize(int configured, Budgets.RateLimitOptions rateLimit, IEnumerable<string> endpoints, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(rateLimit);
        ArgumentNullException.ThrowIfNull(endpoints);
        return configured > 0 ? configured : Math.Max(1, endpoints.Select(e => rateLimit.LimitFor(e, at)).DefaultIfEmpty(rateLimit.RequestsPerMinute).Min() / 2);
    }

    /// <summary>The next batch of clients (not deleted); the state moves past them.</summary>
    public async Task<IReadOnlyList<MemberRef>> NextBatchAsync(string integration, string name, int batch, CancellationToken cancellationToken = default)
    {
        var checkpoints = storage.Table(TableNames.SyncCheckpoints);
        var state = await checkpoints.GetEntityIfExistsAsync(integration, RowKey(name), cancellationToken: cancellationToken).ConfigureAwait(false);
        var cursor = state?.GetString("Cursor") ?? string.Empty;
        var now = time.GetUtcNow();
        var cycleStarted = state?.GetDateTimeOffset("CycleStartedAt") ?? now;

        var filter = $"PartitionKey eq {TableKeys.Quote(integration)} and RowKey gt {TableKeys.Quote(cursor)} and Deleted eq false";
        var members = new List<MemberRef>(batch);
        await foreach (var page in storage.Table(TableNames.Clients).QueryAsync(filter, maxPerPage: batch, select: [ClientColumns.HomeLocationId], cancellationToken: cancellationToken).AsPages().ConfigureAwait(false))
        {
            members.AddRange(page.Values.Select(c => new MemberRef(c.RowKey, c.GetString(ClientColumns.HomeLocationId) is { Length: > 0 } home ? home : null)));
            break;
        }

        var next = new TableEntity(integration, RowKey(name)) { ["BatchSize"] = batch, ["LastRunAt"] = now };
        if (members.Count < batch)
        {
            // The end of the clients: a whole cycle is done; the next starts from the beginning.
            next["Cursor"] = string.Empty;
            next["LastCycleStartedAt"] = cycleStarted;
            next["LastCycleCompletedAt"] = now;
            next["CycleStartedAt"] = now;
        }
        else
        {
            next["Cursor"] = members[^1].Id;
            next["CycleStartedAt"] = cycleStarted;
        }

        await checkpoints.UpsertEntityAsync(next, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
        return members;
    }
}
