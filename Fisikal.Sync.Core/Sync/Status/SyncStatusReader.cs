using Fisikal.Sync.Core.Integrations;
using Azure.Data.Tables;
using Fisikal.Sync.Core.Storage;
using Fisikal.Sync.Core.Sync.Access;
using Fisikal.Sync.Core.Sync.Packages;
using Fisikal.Sync.Core.Sync.Runs;

namespace Fisikal.Sync.Core.Sync.Status;

/// <summary>
/// What an operator needs to see that the sync is healthy, read from the tables and queues: per integration
/// its schedules (last and next run, how they ended), freshness (how stale the oldest client's packages and
/// check-ins can be, from the sweeps' last whole cycles), recent runs and open notifications; and the
/// queues' depths with their poison counts.
/// </summary>
public sealed class SyncStatusReader(IntegrationRegistry integrations, SyncStorage storage, SyncRunStore runStore, UnmatchedPackageLedger unmatched, TimeProvider time)
{
    /// <param name="schedulesFor">The names of the scheduled functions that apply to an integration.</param>
    public async Task<Dictionary<string, object?>> ReadAsync(Func<IntegrationOptions, IEnumerable<string>> schedulesFor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(schedulesFor);
        var now = time.GetUtcNow();
        var result = new List<object>();
        foreach (var integration in integrations.All)
        {
            var notifications = await OpenNotificationsAsync(integration.Name, cancellationToken).ConfigureAwait(false);
            var schedules = await SchedulesAsync(integration.Name, schedulesFor(integration), cancellationToken).ConfigureAwait(false);
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
                ["budget"] = await BudgetAsync(integration.Name, now, cancellationToken).ConfigureAwait(false),
                ["recentRuns"] = await RecentRunsAsync(integration.Name, now, cancellationToken).ConfigureAwait(false),
                ["openNotifications"] = notifications.Count,
                ["notifications"] = notifications.Take(20).ToList(),
                ["recentFailures"] = RecentFailures(schedules, notifications),
            });
        }

        return new Dictionary<string, object?> { ["generatedAt"] = now, ["integrations"] = result, ["queues"] = await QueuesAsync(cancellationToken).ConfigureAwait(false) };
    }

    /// <summary>Each schedule's next run and how its last one went (its row in <c>SyncCheckpoints</c>, <c>schedule:{name}</c>).</summary>
    private async Task<List<Dictionary<string, object?>>> SchedulesAsync(string integration, IEnumerable<string> names, CancellationToken cancellationToken)
    {
        var schedules = new List<Dictionary<string, object?>>();
        foreach (var name in names)
        {
            var row = await storage.Table(TableNames.SyncCheckpoints).GetEntityOrNullAsync(integration, "schedule:" + name, cancellationToken: cancellationToken).ConfigureAwait(false);
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

        return schedules;
    }

    /// <summary>The ten latest of the schedules' last errors and the notifications that are failures, newest first.</summary>
    private static List<Dictionary<string, object?>> RecentFailures(List<Dictionary<string, object?>> schedules, List<Dictionary<string, object?>> notifications) =>
        schedules
            .Where(x => x["lastError"] is not null)
            .Select(x => new Dictionary<string, object?> { ["what"] = $"schedule {x["name"]}", ["at"] = x["lastCompletedAt"] ?? x["lastStartedAt"], ["reason"] = x["lastError"] })
            .Concat(notifications.Where(n => n["kind"] is "PoisonMessage" or "ConfigurationError")
                .Select(n => new Dictionary<string, object?> { ["what"] = n["kind"], ["at"] = n["lastSeenAt"], ["reason"] = n["message"] }))
            .OrderByDescending(f => f["at"] as DateTimeOffset?)
            .Take(10)
            .ToList();

    /// <summary>Each queue's depth and its poison queue's.</summary>
    private async Task<List<object>> QueuesAsync(CancellationToken cancellationToken)
    {
        var queues = new List<object>();
        foreach (var queue in QueueNames.All)
        {
            queues.Add(new Dictionary<string, object?>
            {
                ["name"] = queue,
                ["depth"] = (await storage.Queue(queue).GetPropertiesAsync(cancellationToken).ConfigureAwait(false)).Value.ApproximateMessagesCount,
                ["poison"] = (await storage.Queue(QueueNames.Poison(queue)).GetPropertiesAsync(cancellationToken).ConfigureAwait(false)).Value.ApproximateMessagesCount,
            });
        }

        return queues;
    }

    /// <summary>A sweep's bound: everything was re-checked at most <c>staleAtMostSeconds</c> ago (null until a first whole cycle).</summary>
    private async Task<Dictionary<string, object?>> SweepAsync(string integration, string name, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var row = await storage.Table(TableNames.SyncCheckpoints).GetEntityOrNullAsync(integration, ClientSweep.RowKey(name), cancellationToken: cancellationToken).ConfigureAwait(false);
        var lastCycleStarted = row?.GetDateTimeOffset("LastCycleStartedAt");
        return new Dictionary<string, object?>
        {
            ["lastCycleStartedAt"] = lastCycleStarted,
            ["lastCycleCompletedAt"] = row?.GetDateTimeOffset("LastCycleCompletedAt"),
            ["staleAtMostSeconds"] = lastCycleStarted is { } started ? Math.Round((now - started).TotalSeconds) : null,
            ["batchSize"] = row?.GetInt32("BatchSize"),
        };
    }

    /// <summary>The newest five runs of the last week with their progress (what the progress bars show); never all history.</summary>
    private async Task<List<SyncRunProgress>> RecentRunsAsync(string integration, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var ids = await runStore.RunIdsSinceAsync(integration, now.AddDays(-7), cancellationToken).ConfigureAwait(false);

        // Run ids start with their UTC creation time, so the newest sort last.
        var recent = new List<SyncRunProgress>();
        foreach (var id in ids.OrderByDescending(id => id, StringComparer.Ordinal).Take(5))
        {
            if (await runStore.GetProgressAsync(integration, id, cancellationToken).ConfigureAwait(false) is { } progress)
            {
                recent.Add(progress);
            }
        }

        return recent;
    }

    /// <summary>Per endpoint, the budget tokens taken over the last hour against what the limits allowed.</summary>
    private async Task<List<Dictionary<string, object?>>> BudgetAsync(string integration, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var since = now.AddHours(-1);
        var byEndpoint = new SortedDictionary<string, (long Used, long Limit)>(StringComparer.Ordinal);
        await foreach (var row in storage.Table(TableNames.RateBudgets).QueryColumnsAsync($"PartitionKey eq {TableKeys.Quote(integration)}", ["Used", "Limit", "Endpoint", "WindowStart"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (row.GetDateTimeOffset("WindowStart") >= since && row.GetString("Endpoint") is { } endpoint)
            {
                var (used, limit) = byEndpoint.GetValueOrDefault(endpoint);
                byEndpoint[endpoint] = (used + (row.GetInt32("Used") ?? 0), limit + (row.GetInt32("Limit") ?? 0));
            }
        }

        return [.. byEndpoint.Select(e => new Dictionary<string, object?>
        {
            ["endpoint"] = e.Key,
            ["usedLastHour"] = e.Value.Used,
            ["allowedInThoseMinutes"] = e.Value.Limit,
            ["percent"] = e.Value.Limit == 0 ? 0 : Math.Round(100.0 * e.Value.Used / e.Value.Limit, 1),
        })];
    }

    /// <summary>Open notifications, newest first; an unmatched Alt ID says how many members hold it now.</summary>
    private async Task<List<Dictionary<string, object?>>> OpenNotificationsAsync(string integration, CancellationToken cancellationToken)
    {
        var holders = await unmatched.CountsAsync(integration, cancellationToken).ConfigureAwait(false);
        var open = new List<Dictionary<string, object?>>();
        await foreach (var n in storage.Table(TableNames.Notifications).QueryAsync<TableEntity>($"PartitionKey eq {TableKeys.Quote(integration)} and Open eq true", cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            open.Add(new Dictionary<string, object?>
            {
                ["id"] = n.RowKey,
                ["kind"] = n.GetString("Kind"),
                ["message"] = n.GetString("Message"),
                ["lastSeenAt"] = n.GetDateTimeOffset("LastSeenAt"),
                ["altId"] = n.GetString("AltId"),
                ["members"] = n.GetString("Kind") == "UnmatchedPackage" && n.GetString("AltId") is { } altId ? holders.GetValueOrDefault(altId) : null,
            });
        }

        return [.. open.OrderByDescending(n => n["lastSeenAt"] as DateTimeOffset?)];
    }
}
