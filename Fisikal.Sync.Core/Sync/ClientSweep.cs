using Azure.Data.Tables;
using Fisikal.Sync.Core.Storage;
using Fisikal.Sync.Core.Sync.Clients;
using Fisikal.Sync.Core.Sync.Packages;

namespace Fisikal.Sync.Core.Sync;

/// <summary>
/// A rotating sweep over an integration's clients, a batch per run, in key order from where the last run
/// stopped; a batch is taken (the cursor moved past it) only once its work is queued. Its state is a <c>sweep:{name}</c> row of <c>SyncCheckpoints</c>: <c>Cursor</c>, <c>CycleStartedAt</c>,
/// and <c>LastCycleStartedAt</c> / <c>LastCycleCompletedAt</c> of the last whole cycle, so everything was
/// re-checked at most <c>now - LastCycleStartedAt</c> ago.
/// </summary>
public sealed class ClientSweep(SyncStorage storage, ClientStore clients, TimeProvider time)
{
    public static string RowKey(string name) => "sweep:" + name;

    /// <summary>A sweep's batch: the configured one, or half of what its tightest endpoint allows a minute (the rest is left for changes).</summary>
    public static int BatchSize(int configured, Budgets.RateLimitOptions rateLimit, IEnumerable<string> endpoints, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(rateLimit);
        ArgumentNullException.ThrowIfNull(endpoints);
        return configured > 0 ? configured : Math.Max(1, endpoints.Select(e => rateLimit.LimitFor(e, at)).DefaultIfEmpty(rateLimit.RequestsPerMinute).Min() / 2);
    }

    /// <summary>
    /// The next batch of clients (not deleted) after the sweep's cursor, following the table's continuations: a page may
    /// hold fewer rows than asked for and still not be the last. The state does not move until <see cref="CommitAsync"/>.
    /// </summary>
    public async Task<SweepBatch> NextBatchAsync(string integration, string name, int batch, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batch, 1);
        var state = await Checkpoints.GetEntityOrNullAsync(integration, RowKey(name), cancellationToken: cancellationToken).ConfigureAwait(false);
        var cursor = state?.GetString("Cursor") ?? string.Empty;
        var now = time.GetUtcNow();

        // One more than the batch tells whether anything follows it.
        var members = new List<MemberRef>(batch + 1);
        await foreach (var client in clients.ListLiveAsync(integration, cursor, batch + 1, cancellationToken).ConfigureAwait(false))
        {
            members.Add(client.Ref);
            if (members.Count > batch)
            {
                break;
            }
        }

        var endsCycle = members.Count <= batch;
        return new SweepBatch(integration, name, batch, endsCycle ? members : members[..batch], endsCycle, state?.GetDateTimeOffset("CycleStartedAt") ?? now, now);
    }

    /// <summary>Moves the sweep past a batch whose work is durably queued (write before checkpoint).</summary>
    public Task CommitAsync(SweepBatch batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var next = new TableEntity(batch.Integration, RowKey(batch.Name)) { ["BatchSize"] = batch.Size, ["LastRunAt"] = batch.ReadAt };
        if (batch.EndsCycle)
        {
            // The end of the clients: a whole cycle is done; the next starts from the beginning.
            next["Cursor"] = string.Empty;
            next["LastCycleStartedAt"] = batch.CycleStartedAt;
            next["LastCycleCompletedAt"] = batch.ReadAt;
            next["CycleStartedAt"] = batch.ReadAt;
        }
        else
        {
            next["Cursor"] = batch.Members[^1].Id;
            next["CycleStartedAt"] = batch.CycleStartedAt;
        }

        return Checkpoints.UpsertEntityAsync(next, TableUpdateMode.Merge, cancellationToken);
    }

    private TableClient Checkpoints => storage.Table(TableNames.SyncCheckpoints);
}
