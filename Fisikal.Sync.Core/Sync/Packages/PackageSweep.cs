using System.Text.Json;
using Fisikal.Sync.Core.Integrations;
using Fisikal.Sync.Core.Sources.PerfectGymNext;
using Fisikal.Sync.Core.Storage.Tables;
using Fisikal.Sync.Core.Sync.Clients;

namespace Fisikal.Sync.Core.Sync.Packages;

/// <summary>
/// The rotating sweep: each run queues the next batch of clients (in key order, from where the last run
/// stopped) for a package refresh, so every client's packages are re-checked within one cycle. Its state
/// is the <c>sweep:packages</c> row of <c>SyncCheckpoints</c>: <c>Cursor</c>, <c>CycleStartedAt</c>, and
/// <c>LastCycleStartedAt</c> / <c>LastCycleCompletedAt</c> of the last whole cycle, so the oldest check is
/// at most <c>now - LastCycleStartedAt</c>.
/// </summary>
public sealed class PackageSweep(SyncStorage storage, TimeProvider time)
{
    public const string RowKey = "sweep:packages";

    /// <summary>Queues one batch; returns how many clients it queued.</summary>
    public async Task<int> RunAsync(IntegrationOptions integration, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(integration);
        var checkpoints = storage.Table(TableNames.SyncCheckpoints);
        var state = await checkpoints.GetEntityIfExistsAsync(integration.Name, RowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
        var cursor = state?.GetString("Cursor") ?? string.Empty;
        var now = time.GetUtcNow();
        var cycleStarted = state?.GetDateTimeOffset("CycleStartedAt") ?? now;
        var batch = BatchSize(integration);

        var filter = $"PartitionKey eq {TableKeys.Quote(integration.Name)} and RowKey gt {TableKeys.Quote(cursor)} and Deleted eq false";
        var members = new List<MemberRef>(batch);
        await foreach (var page in storage.Table(TableNames.Clients).QueryAsync(filter, maxPerPage: batch, select: [ClientColumns.HomeLocationId], cancellationToken: cancellationToken).AsPages().ConfigureAwait(false))
        {
            members.AddRange(page.Values.Select(c => new MemberRef(c.RowKey, EmptyAsNull(c.GetString(ClientColumns.HomeLocationId)))));
            break;
        }

        foreach (var chunk in members.Chunk(integration.PackageChunkSize))
        {
            var message = new MemberPackagesMessage(integration.Name, null, null, 0, 1, chunk);
            await storage.Queue(QueueNames.MemberPackages).SendMessageAsync(JsonSerializer.Serialize(message), cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        var next = new TableEntity(integration.Name, RowKey) { ["BatchSize"] = batch, ["LastRunAt"] = now };
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
        return members.Count;
    }

    /// <summary>The configured batch, or half of what the contracts endpoint allows a minute.</summary>
    public static int BatchSize(IntegrationOptions integration)
    {
        ArgumentNullException.ThrowIfNull(integration);
        return integration.PackageSweepBatch > 0
            ? integration.PackageSweepBatch
            : Math.Max(1, integration.RateLimit.LimitFor(PerfectGymNextEndpoints.GetCustomersContracts, DateTimeOffset.UtcNow) / 2);
    }

    private static string? EmptyAsNull(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
