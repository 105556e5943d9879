using Fisikal.Sync.Core.Integrations;
using Fisikal.Sync.Core.Storage.Tables;
using Fisikal.Sync.Core.Sync.Access;
using Fisikal.Sync.Core.Sync.Packages;

namespace Fisikal.Sync.Core.Sync.Status;

/// <summary>
/// What an operator needs to see that the sync is healthy, read from the tables and queues: per integration
/// its schedules (last and next run, how they ended), freshness (how stale the oldest client's packages and
/// check-ins can be, from the sweeps' last whole cycles), recent runs and open notifications; and the
/// queues' depths with their poison counts.
/// </summary>
public sealed class SyncStatusReader(IntegrationRegistry integrations, SyncStorage storage, TimeProvider time)
{
    public async Task<Dictionary<string, object?>> ReadAsync(IEnumerable<string> scheduleNames, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var result = new List<object>();
        foreach (var integration in integrations.All)
        {
            var checkpoints = storage.Table(TableNames.SyncCheckpoints);
            var schedules = new List<object>();
            foreach (var name in scheduleNames)
            {
                var row = await checkpoints.GetEntityIfExistsAsync(integration.Name, "schedule:" + name, cancellationToken: cancellationToken).ConfigureAwait(false);
                schedules.Add(new Dictionary<string, object?>
                {
                    ["name"] = name,
                    ["nextRunAt"] = row?.GetDateTimeOffset("NextRunAt"),
                    ["lastStartedAt"] = row?.GetDateTimeOffset("LastStartedAt"),
                    ["lastCompletedAt"] = row?.GetDateTimeOffset("LastCompletedAt"),
                    ["lastResult"] = row?.GetString("LastResult"),
                    ["lastError"] = row?.GetString("LastError") is { Length: > 0 } error ? error : null,
                });
            }

            result.Add(new Dictionary<string, object?>
            {
                ["name"] = integration.Name,
                ["kind"] = integration.Kind?.ToString(),
                ["schedules"] = schedules,
                ["freshness"] = new Dictionary<string, object?>
                {
                    ["packages"] = await SweepAsync(integration.Name, PackageSweep.Name, now, cancellationToken).ConfigureAwait(false),
                    ["checkins"] = await SweepAsync(integration.Name, AccessSync.SweepName, now, cancellationToken).ConfigureAwait(false),
                },
                ["recentRuns"] = await RecentRunsAsync(integration.Name, cancellationToken).ConfigureAwait(false),
                ["openNotifications"] = await CountAsync(TableNames.Notifications, $"PartitionKey eq {TableKeys.Quote(integration.Name)} and Open eq true", cancellationToken).ConfigureAwait(false),
            });
        }

        var queues = new List<object>();
        foreach (var queue in QueueNames.All)
        {
            queues.Add(new Dictionary<string, object?>
            {
                ["name"] = queue,
                ["depth"] = (await storage.Queue(queue).GetApproximateMessageCountAsync(cancellationToken).ConfigureAwait(false)).Value,
                ["poison"] = (await storage.Queue(QueueNames.Poison(queue)).GetApproximateMessageCountAsync(cancellationToken).ConfigureAwait(false)).Value,
            });
        }

        return new Dictionary<string, object?> { ["generatedAt"] = now, ["integrations"] = result, ["queues"] = queues };
    }

    /// <summary>A sweep's bound: everything was re-checked at most <c>staleAtMostSeconds</c> ago (null until a first whole cycle).</summary>
    private async Task<Dictionary<string, object?>> SweepAsync(string integration, string name, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var row = await storage.Table(TableNames.SyncCheckpoints).GetEntityIfExistsAsync(integration, ClientSweep.RowKey(name), cancellationToken: cancellationToken).ConfigureAwait(false);
        var lastCycleStarted = row?.GetDateTimeOffset("LastCycleStartedAt");
        return new Dictionary<string, object?>
        {
            ["lastCycleStartedAt"] = lastCycleStarted,
            ["lastCycleCompletedAt"] = row?.GetDateTimeOffset("LastCycleCompletedAt"),
            ["staleAtMostSeconds"] = lastCycleStarted is { } started ? Math.Round((now - started).TotalSeconds) : null,
            ["batchSize"] = row?.GetInt32("BatchSize"),
        };
    }

    private async Task<List<object>> RecentRunsAsync(string integration, CancellationToken cancellationToken)
    {
        var runs = new List<TableEntity>();
        await foreach (var run in storage.Table(TableNames.SyncRuns).QueryAsync($"PartitionKey eq {TableKeys.Quote(integration)}", cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            runs.Add(run);
        }

        // Run ids start with their UTC creation time, so the newest sort last.
        return [.. runs.OrderByDescending(r => r.RowKey, StringComparer.Ordinal).Take(5).Select(r => new Dictionary<string, object?>
        {
            ["runId"] = r.RowKey,
            ["kind"] = r.GetString("Kind"),
            ["status"] = r.GetString("Status"),
            ["createdAt"] = r.GetDateTimeOffset("CreatedAt"),
            ["completedAt"] = r.GetDateTimeOffset("CompletedAt"),
            ["error"] = r.GetString("Error"),
        })];
    }

    private async Task<int> CountAsync(string table, string filter, CancellationToken cancellationToken)
    {
        var count = 0;
        await foreach (var _ in storage.Table(table).QueryAsync(filter, select: ["RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            count++;
        }

        return count;
    }
}
