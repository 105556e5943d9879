using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using Fisikal.Sync.Core.Storage;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Azure.Data.Tables;
using Fisikal.Sync.Core.Sync;
using Fisikal.Sync.Simulators.Azurite;
using Fisikal.Sync.Simulators.PerfectGymNext;
using Fisikal.Sync.Simulators.Processes;

namespace Fisikal.Sync.Bench;

/// <summary>
/// What running costs: the app's real binary works against Azurite through counting proxies, so every storage
/// transaction it makes is counted, and each kind of work (an initial sync, a quiet client-sync scan, one package
/// sweep run, one access sync run, a webhook change, idling) is measured on its own. A month for a club of a given
/// size is then projected from those counts at the production schedules, and priced at list prices.
/// </summary>
public static class CostBenchmark
{
    private const string Integration = BenchApp.Integration;
    private const int SweepBatch = 500; // the default at PerfectGym Next's 1000 requests/min: half of it
    private const double InstanceMemoryGb = 2.0; // infra: instanceMemoryMB 2048
    private const int IdleMinutes = 2;
    private const int WebhookChanges = 100;

    // List prices in USD (pay-as-you-go, a US region, as published in 2026; check the Azure pricing calculator).
    private const double TablePer10K = 0.00036; // Table storage, Standard LRS, per 10,000 transactions
    private const double QueuePer10K = 0.004; // Queue storage (GPv2, LRS), per 10,000 operations
    private const double FlexPerGbSecond = 0.000026; // Flex Consumption on demand, execution time
    private const double FlexPerMillionExecutions = 0.40;
    private const double FreeGbSeconds = 100_000; // Flex Consumption monthly free grant (per subscription)
    private const double FreeExecutions = 250_000;

    public static async Task<int> RunAsync(string appPath, int customers, int clubMembers, double dailyChangeShare)
    {
        Console.WriteLine($"Cost benchmark: a club of {customers} customers; the app's real binary against Azurite behind counting proxies; " +
                          $"sweep batches {SweepBatch} (the default at 1000 requests/min); projection for {clubMembers} members.");
        await using var azurite = await AzuriteProcess.StartAsync();
        await using var tableProxy = await StorageCountingProxy.StartAsync(new Uri($"http://127.0.0.1:{azurite.TablePort.ToString(CultureInfo.InvariantCulture)}/"));
        await using var queueProxy = await StorageCountingProxy.StartAsync(new Uri($"http://127.0.0.1:{azurite.QueuePort.ToString(CultureInfo.InvariantCulture)}/"));
        var counted = azurite.ConnectionString
            .Replace($"127.0.0.1:{azurite.TablePort.ToString(CultureInfo.InvariantCulture)}/", $"127.0.0.1:{tableProxy.Address.Port.ToString(CultureInfo.InvariantCulture)}/", StringComparison.Ordinal)
            .Replace($"127.0.0.1:{azurite.QueuePort.ToString(CultureInfo.InvariantCulture)}/", $"127.0.0.1:{queueProxy.Address.Port.ToString(CultureInfo.InvariantCulture)}/", StringComparison.Ordinal);

        var appPort = LoopbackPorts.Pick();
        await using var club = await PerfectGymNextSimulator.StartAsync(new PerfectGymNextSimulatorOptions
        {
            Customers = customers,
            LimitPerWindow = 20_000,
            WebhookUrl = new Uri($"http://127.0.0.1:{appPort.ToString(CultureInfo.InvariantCulture)}/api/webhooks/perfectgym-next"),
        });
        var tables = new TableServiceClient(azurite.ConnectionString);
        var storage = new SyncStorage(tables, new QueueServiceClient(azurite.ConnectionString, StorageAccount.QueueOptions()));
        await SeedPlatformAsync(tables, club.Options.StudioIds);
        await using var app = await BenchApp.StartAsync(azurite, club, appPath, 20_000, appPort, counted, new Dictionary<string, string?>
        {
            [$"Integrations__{Integration}__PackageSweepBatch"] = SweepBatch.ToString(CultureInfo.InvariantCulture),
            [$"Integrations__{Integration}__CheckinSweepBatch"] = SweepBatch.ToString(CultureInfo.InvariantCulture),
            ["Logging__LogLevel__Fisikal.Sync.HostEmulator.Triggers"] = "Information", // each timer firing, counted in idle
        });
        var members = club.Store.All().Count(c => c.Status == "MEMBER");
        var measured = await MeasureAsync(new Meters(app, storage, tableProxy, queueProxy, club));
        PrintMeasured(measured, members);
        PrintMonth(measured, clubMembers / (double)members, clubMembers, dailyChangeShare);
        return 0;
    }

    /// <summary>Each kind of work on its own, idle polling subtracted: idle first, over whole minutes.</summary>
    private static async Task<Measured> MeasureAsync(Meters meters)
    {
        // Idle: queue polling and schedule checks with nothing to do, over whole UTC minutes, so each per-minute timer (the
        // Scheduler: its occurrence claim and schedule reads) falls in it as often as in a month; its runs are counted, not assumed.
        var (idle, schedulerPerMinute) = await IdleAsync(meters.App, meters.Tables, meters.Queues, meters.Club);
        var app = meters.App;
        var initial = await MeasureAsync(meters, idle, async () =>
        {
            using var started = await app.Http.PostAsync(new Uri($"/api/integrations/{Integration}/initial-sync", UriKind.Relative), null);
            await SyncRunWatcher.WaitAsync(app.Http, started.Headers.Location!, TimeSpan.FromMinutes(30));
        });
        var scan = await MeasureAsync(meters, idle, () => RunFunctionAsync(app, "ClientSync"));
        var packageSweep = await MeasureAsync(meters, idle, () => RunFunctionAsync(app, "PackageSweep"));
        var accessSync = await MeasureAsync(meters, idle, () => RunFunctionAsync(app, "AccessSync"));
        meters.Club.Webhooks.Activated = true;
        var delivered = meters.Club.Webhooks.Delivered;
        var webhook = await MeasureAsync(
            meters,
            idle,
            () =>
            {
                for (var i = 0; i < WebhookChanges; i++)
                {
                    meters.Club.Store.Add(new SimulatedCustomer { FirstName = $"Cost{i}", LastName = "Bench", Status = "MEMBER" });
                }

                return Task.CompletedTask;
            },
            delivered + WebhookChanges);
        var perChange = (webhook with { Executions = webhook.Executions + WebhookChanges }) / WebhookChanges; // each webhook call is an HTTP execution
        return new Measured(initial, scan, packageSweep, accessSync, perChange, idle, schedulerPerMinute);
    }

    private static async Task<Counts> MeasureAsync(Meters meters, Counts idle, Func<Task> work, int awaitedWebhooks = 0)
    {
        var before = Snapshot(meters.Tables, meters.Queues, meters.Club);
        var clock = Stopwatch.StartNew();
        await work();
        await DrainAsync(meters.Storage, meters.Club, awaitedWebhooks);
        var seconds = clock.Elapsed.TotalSeconds;
        return (Snapshot(meters.Tables, meters.Queues, meters.Club) - before - (idle * seconds)) with { BusySeconds = seconds };
    }

    private static void PrintMeasured(Measured m, int members)
    {
        Console.WriteLine();
        Console.WriteLine("Measured (idle polling subtracted; executions: queue messages processed, and each webhook call; busy time: until the queues were seen empty):");
        Console.WriteLine();
        Console.WriteLine("| work | busy time | table transactions | queue transactions | executions | PerfectGym requests |");
        Console.WriteLine("|---|---|---|---|---|---|");
        Row($"initial sync, {members} members", m.Initial);
        Row($"client-sync scan (quiet), {members} members", m.Scan);
        Row($"package sweep run ({SweepBatch} members)", m.PackageSweep);
        Row($"access sync run ({SweepBatch} members)", m.AccessSync);
        Row("webhook change (per change)", m.WebhookChange);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| idle (per minute, over {IdleMinutes} whole minutes) | | {m.Idle.Tables * 60:0} | {m.Idle.Queues * 60:0} | {m.SchedulerPerMinute:0.0} (Scheduler) | |"));

        static void Row(string work, Counts c) => Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {work} | {c.BusySeconds:0.00} s | {c.Tables:0} | {c.Queues:0} | {c.Executions:0.0} | {c.SourceRequests:0} |"));
    }

    /// <summary>A month at the production schedules for a club of <paramref name="clubMembers"/> members, priced.</summary>
    private static void PrintMonth(Measured m, double scale, int clubMembers, double dailyChangeShare)
    {
        var minutes = 30 * 24 * 60.0;
        var month = new (string Work, double Runs, Counts Each)[]
        {
            ("client-sync scans (every 10 min)", minutes / 10, m.Scan * scale),
            ("package sweep runs (every minute)", minutes, m.PackageSweep),
            ("access sync runs (every 2 min)", minutes / 2, m.AccessSync),
            ($"webhook changes ({dailyChangeShare:P0} of members a day)", clubMembers * dailyChangeShare * 30, m.WebhookChange),
            ("scheduler timer (measured; its storage is in idle)", minutes, new Counts(0, 0, m.SchedulerPerMinute, 0, 0)),
            ("idle polling and schedule checks", minutes, m.Idle * 60),
        };

        Console.WriteLine();
        Console.WriteLine($"A month (30 days) for {clubMembers} members, projected from the runs above:");
        Console.WriteLine();
        Console.WriteLine("| work | runs | table transactions | queue transactions | executions | GB-s (2 GB instance) |");
        Console.WriteLine("|---|---|---|---|---|---|");
        var total = new Counts(0, 0, 0, 0, 0);
        foreach (var (work, runs, each) in month)
        {
            var all = each * runs;
            total += all;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {work} | {runs:N0} | {all.Tables:N0} | {all.Queues:N0} | {all.Executions:N0} | {all.BusySeconds * InstanceMemoryGb:N0} |"));
        }

        var gbSeconds = total.BusySeconds * InstanceMemoryGb;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| total | | {total.Tables:N0} | {total.Queues:N0} | {total.Executions:N0} | {gbSeconds:N0} |"));
        var storageCost = (total.Tables / 10_000 * TablePer10K) + (total.Queues / 10_000 * QueuePer10K);
        var computeCost = (total.Executions / 1e6 * FlexPerMillionExecutions) + (gbSeconds * FlexPerGbSecond);
        var computeAfterGrant = (Math.Max(0, total.Executions - FreeExecutions) / 1e6 * FlexPerMillionExecutions) + (Math.Max(0, gbSeconds - FreeGbSeconds) * FlexPerGbSecond);
        var initialCost = (m.Initial.Tables * scale / 10_000 * TablePer10K) + (m.Initial.Queues * scale / 10_000 * QueuePer10K);
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Priced (USD a month): storage transactions {storageCost:0.00}; Flex Consumption {computeCost:0.00} ({computeAfterGrant:0.00} after the monthly free grant). " +
            $"The initial sync, once: {initialCost:0.000} in storage transactions. Prices: tables {TablePer10K}/10k, queues {QueuePer10K}/10k, " +
            $"{FlexPerGbSecond}/GB-s, {FlexPerMillionExecutions}/million executions."));
    }

    /// <summary>Idle use per second, and the Scheduler's runs per minute, over <see cref="IdleMinutes"/> whole UTC minutes.</summary>
    private static async Task<(Counts PerSecond, double SchedulerPerMinute)> IdleAsync(AppProcess app, StorageCountingProxy tables, StorageCountingProxy queues, PerfectGymNextSimulator club)
    {
        await Task.Delay(TimeSpan.FromSeconds(5)); // the start-up's own work is not idling
        var now = DateTimeOffset.UtcNow;
        await Task.Delay(TimeSpan.FromSeconds(62 - now.Second)); // two seconds into a minute: each minute's tick falls inside once
        var ticksBefore = SchedulerRuns(app);
        var start = Snapshot(tables, queues, club);
        await Task.Delay(TimeSpan.FromMinutes(IdleMinutes));
        var perSecond = (Snapshot(tables, queues, club) - start) / (IdleMinutes * 60.0);
        return (perSecond, (SchedulerRuns(app) - ticksBefore) / (double)IdleMinutes);
    }

    private static int SchedulerRuns(AppProcess app) =>
        app.AllOutput().Split('\n').Count(l => l.Contains("Timer function Scheduler: its occurrence at", StringComparison.Ordinal));

    private static Counts Snapshot(StorageCountingProxy tables, StorageCountingProxy queues, PerfectGymNextSimulator club) => new(
        tables.Total,
        queues.Total,
        queues.Counts.GetValueOrDefault("DELETE messages"),
        club.RequestCounts.Values.Sum(),
        0);

    private static async Task RunFunctionAsync(AppProcess app, string function)
    {
        using var response = await app.Http.PostAsJsonAsync(new Uri($"/api/schedules/{function}", UriKind.Relative), new { integration = Integration });
        if (!response.IsSuccessStatusCode)
        {
            var output = app.AllOutput();
            throw new InvalidOperationException(
                $"{function} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}\nThe app's last output:\n{output[Math.Max(0, output.Length - 4000)..]}");
        }
    }

    /// <summary>Until every queue is empty (twice, 200 ms apart) and the club has delivered the awaited webhooks.</summary>
    private static async Task DrainAsync(SyncStorage storage, PerfectGymNextSimulator club, int awaitedWebhooks)
    {
        var deadline = DateTime.UtcNow.AddMinutes(30);
        var emptyInARow = 0;
        while (emptyInARow < 2 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
            var done = await storage.PendingMessagesAsync() == 0 && club.Webhooks.Delivered + club.Webhooks.Failed >= awaitedWebhooks;
            emptyInARow = done ? emptyInARow + 1 : 0;
        }
    }

    private static async Task SeedPlatformAsync(TableServiceClient tables, IReadOnlyList<long> studioIds)
    {
        var packages = tables.GetTableClient(TableNames.Packages);
        await packages.CreateIfNotExistsAsync();
        foreach (var altId in PerfectGymNextStore.PackageAltIds)
        {
            await packages.UpsertEntityAsync(new TableEntity(Integration, altId) { ["Active"] = true });
        }

        var locations = tables.GetTableClient(TableNames.Locations);
        await locations.CreateIfNotExistsAsync();
        for (var i = 0; i < studioIds.Count; i++)
        {
            await locations.UpsertEntityAsync(new TableEntity(Integration, $"location-{i + 1}")
            {
                ["ClubNumber"] = studioIds[i].ToString(CultureInfo.InvariantCulture),
                ["DoorId"] = $"door-{i + 1}",
            });
        }
    }

    /// <summary>Counts of one piece of work; the arithmetic scales and subtracts them.</summary>
    /// <summary>What the measurements read from: the app, its storage, the two counting proxies, the club.</summary>
    private sealed record Meters(AppProcess App, SyncStorage Storage, StorageCountingProxy Tables, StorageCountingProxy Queues, PerfectGymNextSimulator Club);

    /// <summary>One run of each kind of work (the webhook change per change), idle per second, the Scheduler's runs per minute.</summary>
    private sealed record Measured(Counts Initial, Counts Scan, Counts PackageSweep, Counts AccessSync, Counts WebhookChange, Counts Idle, double SchedulerPerMinute);

    private sealed record Counts(double Tables, double Queues, double Executions, double SourceRequests, double BusySeconds)
    {
        public static Counts operator -(Counts a, Counts b) => new(a.Tables - b.Tables, a.Queues - b.Queues, a.Executions - b.Executions, a.SourceRequests - b.SourceRequests, a.BusySeconds - b.BusySeconds);

        public static Counts operator +(Counts a, Counts b) => new(a.Tables + b.Tables, a.Queues + b.Queues, a.Executions + b.Executions, a.SourceRequests + b.SourceRequests, a.BusySeconds + b.BusySeconds);

        public static Counts operator *(Counts a, double k) => new(a.Tables * k, a.Queues * k, a.Executions * k, a.SourceRequests * k, a.BusySeconds * k);

        public static Counts operator /(Counts a, double k) => a * (1 / k);
    }
}
