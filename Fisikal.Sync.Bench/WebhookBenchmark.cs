using Azure.Storage.Queues;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using Fisikal.Sync.Core.Storage;
using Azure.Data.Tables;
using Fisikal.Sync.Core.Sync;
using Fisikal.Sync.Simulators.Azurite;
using Fisikal.Sync.Simulators.PerfectGymNext;
using Fisikal.Sync.Simulators.Processes;

namespace Fisikal.Sync.Bench;

/// <summary>
/// Webhook-to-table latency: the simulated club creates members at a steady rate and posts its webhooks to
/// the app's real binary over 127.0.0.1; latency is from the change at the club to the client row's
/// SyncedAt. Then the same number of changes with webhooks off, caught by one scheduled scan, for the API
/// requests each synced change costs either way.
/// </summary>
public static class WebhookBenchmark
{
    private const string Integration = BenchApp.Integration;

    public static async Task<int> RunAsync(string appPath, int perSecond, TimeSpan duration)
    {
        Console.WriteLine($"Webhook benchmark: the club creates {perSecond} members a second for {duration.TotalSeconds:0} s, each posting CUSTOMER_CREATED; " +
                          "the app's real worker under the host emulator, one instance; budget and club limit 20000 requests/min per endpoint.");
        await using var azurite = await AzuriteProcess.StartAsync();
        var appPort = LoopbackPorts.Pick();
        var options = new PerfectGymNextSimulatorOptions
        {
            Customers = 0,
            LimitPerWindow = 20_000,
            Activated = true,
            WebhookUrl = new Uri($"http://127.0.0.1:{appPort.ToString(CultureInfo.InvariantCulture)}/api/webhooks/perfectgym-next"),
        };
        await using var club = await PerfectGymNextSimulator.StartAsync(options);
        await using var app = await BenchApp.StartAsync(azurite, club, appPath, 20_000, appPort);
        var tables = new TableServiceClient(azurite.ConnectionString);
        var storage = new SyncStorage(tables, new QueueServiceClient(azurite.ConnectionString, StorageAccount.QueueOptions()));

        // Warm-up (not measured): a running service has its code compiled and its connections open.
        for (var i = 0; i < 20; i++)
        {
            club.Store.Add(new SimulatedCustomer { FirstName = $"Warm{i}", LastName = "Bench", Status = "MEMBER" });
        }

        await DrainAsync(storage, club, 20);
        var warmDelivered = club.Webhooks.Delivered + club.Webhooks.Failed;

        using var stopProbe = new CancellationTokenSource();
        var probe = ProbeAsync(tables, stopProbe.Token);
        var total = (int)(perSecond * duration.TotalSeconds);
        var created = await CreateSteadilyAsync(club, perSecond, total);
        await DrainAsync(storage, club, total + warmDelivered);
        var latencies = await SinceAsync(tables, created);
        await stopProbe.CancelAsync();
        var (probeWorstMs, probeWorstAt) = await probe;

        // In the app alone: from the webhook's receipt (WebhookEvents.ReceivedAt) to the client row.
        var inApp = await SinceAsync(tables, await ReceivedAsync(tables));
        var requestsOn = club.RequestCounts.Values.Sum();
        Console.WriteLine();
        Console.WriteLine("| webhooks | changes | synced | p50 latency | p99 latency | max latency | p50 / p99 in the app (receipt to row) | API requests | requests per change |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| on | {total} | {latencies.Count} | {Percentile(latencies, 0.50):0} ms | {Percentile(latencies, 0.99):0} ms | {latencies.LastOrDefault():0} ms | {Percentile(inApp, 0.50):0} ms / {Percentile(inApp, 0.99):0} ms | {requestsOn} | {requestsOn / (double)total:0.00} |"));

        var (syncedOff, requestsOff, scanTime) = await OneScanAsync(app, storage, club, tables, total);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| off (one scan) | {total} | {syncedOff} | up to the scan interval (10 min by default) | | | | {requestsOff} | {requestsOff / (double)total:0.00} |"));
        foreach (var line in app.AllOutput().Split('\n').Where(l => l.Contains("Slow webhook", StringComparison.Ordinal) || l.Contains("fail", StringComparison.OrdinalIgnoreCase)).Take(10))
        {
            Console.WriteLine("  app: " + line);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  Azurite probe (a point read every 100 ms from this process): slowest {probeWorstMs:0} ms, at {probeWorstAt:HH:mm:ss}"));
        Console.WriteLine();
        return Goal(latencies, syncedOff, total, club, scanTime) ? 0 : 1;
    }

    /// <summary>Every change must be synced: a change that never reached its row is not left out of the p99, it misses the goal.</summary>
    private static bool Goal(List<double> latencies, int syncedOff, int total, PerfectGymNextSimulator club, TimeSpan scanTime)
    {
        var met = latencies.Count == total && Percentile(latencies, 0.99) < 2000 && syncedOff == total;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Goal: every change synced, with webhooks ({latencies.Count} of {total}) and by one scan ({syncedOff} of {total}), and p99 under 2 s with webhooks on: {(met ? "met" : "NOT met")}. ") +
                          $"Webhook deliveries (after 20 unmeasured warm-up events): {club.Webhooks.Delivered} delivered, {club.Webhooks.Failed} failed (the club's sender posts one at a time " +
                          $"with PerfectGym's 5 s timeout, so one slow answer delays those behind it). The scan took {scanTime.TotalSeconds:0.0} s.");
        return met;
    }

    /// <summary>A probe of the storage emulator itself: a trivial read every 100 ms, to tell its pauses from the app's.</summary>
    private static Task<(double Ms, DateTimeOffset At)> ProbeAsync(TableServiceClient tables, CancellationToken stop) => Task.Run(async () =>
    {
        var worst = (Ms: 0.0, At: DateTimeOffset.MinValue);
        while (!stop.IsCancellationRequested)
        {
            var t = Stopwatch.StartNew();
            await tables.GetTableClient(TableNames.SyncRuns).GetEntityOrNullAsync("probe", "probe");
            if (t.Elapsed.TotalMilliseconds > worst.Ms)
            {
                worst = (t.Elapsed.TotalMilliseconds, DateTimeOffset.UtcNow);
            }

            await Task.Delay(100, CancellationToken.None);
        }

        return worst;
    });

    /// <summary>Webhooks on: <paramref name="total"/> new members at a steady rate; when each was created, by id.</summary>
    private static async Task<Dictionary<string, DateTimeOffset>> CreateSteadilyAsync(PerfectGymNextSimulator club, int perSecond, int total)
    {
        var created = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        var interval = TimeSpan.FromSeconds(1.0 / perSecond);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < total; i++)
        {
            var due = interval * i;
            if (clock.Elapsed < due)
            {
                await Task.Delay(due - clock.Elapsed);
            }

            var customer = club.Store.Add(new SimulatedCustomer { FirstName = $"Hook{i}", LastName = "Bench", Status = "MEMBER" });
            created[customer.Id.ToString(CultureInfo.InvariantCulture)] = DateTimeOffset.UtcNow;
        }

        return created;
    }

    /// <summary>Webhooks off: the same number of changes, caught by one scheduled scan; how many reached their rows, and at what cost.</summary>
    private static async Task<(int Synced, int Requests, TimeSpan Took)> OneScanAsync(AppProcess app, SyncStorage storage, PerfectGymNextSimulator club, TableServiceClient tables, int total)
    {
        club.Webhooks.Activated = false;
        var polled = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < total; i++)
        {
            polled.Add(club.Store.Add(new SimulatedCustomer { FirstName = $"Poll{i}", LastName = "Bench", Status = "MEMBER" }).Id.ToString(CultureInfo.InvariantCulture));
        }

        var before = club.RequestCounts.Values.Sum();
        var scan = Stopwatch.StartNew();
        await app.Http.PostAsJsonAsync(new Uri("/api/schedules/ClientSync", UriKind.Relative), new { integration = Integration });
        await DrainAsync(storage, club, total);
        await Task.Delay(1000);
        await DrainAsync(storage, club, total);
        var synced = 0;
        await foreach (var client in tables.GetTableClient(TableNames.Clients).QueryColumnsAsync($"PartitionKey eq '{Integration}'", ["RowKey"]))
        {
            synced += polled.Contains(client.RowKey) ? 1 : 0;
        }

        return (synced, club.RequestCounts.Values.Sum() - before, scan.Elapsed);
    }

    /// <summary>Each webhook's receipt time (WebhookEvents.ReceivedAt) by the customer it was about.</summary>
    private static async Task<Dictionary<string, DateTimeOffset>> ReceivedAsync(TableServiceClient tables)
    {
        var received = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        await foreach (var evt in tables.GetTableClient(TableNames.WebhookEvents).QueryColumnsAsync(null, ["EntityId", "ReceivedAt"]))
        {
            if (evt.GetInt64("EntityId") is { } entity && evt.GetDateTimeOffset("ReceivedAt") is { } at)
            {
                received[entity.ToString(CultureInfo.InvariantCulture)] = at;
            }
        }

        return received;
    }

    /// <summary>Milliseconds from each start to its client row's SyncedAt, sorted; a client without a row is not in the list.</summary>
    private static async Task<List<double>> SinceAsync(TableServiceClient tables, Dictionary<string, DateTimeOffset> starts)
    {
        var latencies = new List<double>();
        await foreach (var client in tables.GetTableClient(TableNames.Clients).QueryColumnsAsync($"PartitionKey eq '{Integration}'", ["SyncedAt"]))
        {
            if (starts.TryGetValue(client.RowKey, out var at) && client.GetDateTimeOffset("SyncedAt") is { } synced)
            {
                latencies.Add((synced - at).TotalMilliseconds);
            }
        }

        latencies.Sort();
        return latencies;
    }

    private static async Task DrainAsync(SyncStorage storage, PerfectGymNextSimulator club, int expectedEvents)
    {
        var deadline = DateTime.UtcNow.AddMinutes(10);
        while (DateTime.UtcNow < deadline)
        {
            var pending = await storage.PendingMessagesAsync();

            if (pending == 0 && (!club.Webhooks.Activated || club.Webhooks.Delivered + club.Webhooks.Failed >= expectedEvents))
            {
                return;
            }

            await Task.Delay(200);
        }
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
}
