using Azure.Storage.Queues;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Fisikal.Sync.Core.Storage;
using Azure.Data.Tables;
using Fisikal.Sync.Core.Sync;
using Fisikal.Sync.Simulators.Azurite;
using Fisikal.Sync.Simulators.PerfectGymNext;
using Fisikal.Sync.Simulators.Processes;

namespace Fisikal.Sync.Bench;

/// <summary>
/// An initial sync of a club through the app's real worker (under the host emulator, one instance), against the simulator limited
/// as the app's budget is (its windows of a phase of their own, not UTC minutes). Reports wall time over the rate-limit
/// lower bound (from the member count N, not the app's own requests, which retries and repeated reads would inflate: one
/// contract read per member, the first window's worth may go at once, each further one needs one more window, so
/// 60 s × (⌈N/L⌉ − 1); goal at most 1.1), 429s at the club (goal 0), poison messages (goal 0), the most requests of
/// the busiest endpoint in any sliding window (at most the limit), entities written per second, the app's peak memory
/// per club size (goal: flat), and what a quiet scheduled scan then writes (goal: nothing). Exits 1 when a goal is missed.
/// </summary>
public static class InitialSyncBenchmark
{
    private const string Integration = BenchApp.Integration;

    public static async Task<int> RunAsync(string appPath, IReadOnlyList<int> sizes, int limit, TimeSpan phase)
    {
        Console.WriteLine($"Initial sync benchmark: clubs of {string.Join(" and ", sizes)} customers; limit {limit} requests per endpoint in any 60 s " +
                          $"(simulator: fixed minutes starting {phase.TotalSeconds:0.0} s past the UTC minute; app: its sliding budget); " +
                          "one instance, the worker under the host emulator; host.json's queue settings (16 messages at once per queue).");
        Console.WriteLine();
        Console.WriteLine("| customers | members | requests (customers / contracts) | lower bound | wall time | ratio | 429s | poison | busiest endpoint's most in any 60 s | clients + packages written | entities/s | peak memory | quiet scan writes |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        var met = true;
        foreach (var size in sizes)
        {
            met &= await RunOneAsync(appPath, size, limit, phase);
        }

        Console.WriteLine();
        Console.WriteLine(met ? "Goal met: every run Completed without errors, at most 1.1× the lower bound, no 429s, no poison, within the limit, a quiet scan writes nothing."
                              : "Goal NOT met (every run Completed without errors, at most 1.1× the lower bound, no 429s, no poison, within the limit, a quiet scan writes nothing).");
        return met ? 0 : 1;
    }

    private static async Task<bool> RunOneAsync(string appPath, int customers, int limit, TimeSpan phase)
    {
        await using var azurite = await AzuriteProcess.StartAsync();
        await using var club = await PerfectGymNextSimulator.StartAsync(new PerfectGymNextSimulatorOptions { Customers = customers, LimitPerWindow = limit, WindowPhase = phase });
        var tables = new TableServiceClient(azurite.ConnectionString);
        await SeedPackagesAsync(tables);
        await using var app = await BenchApp.StartAsync(azurite, club, appPath, limit);

        var clock = Stopwatch.StartNew();
        var started = await app.Http.PostAsync(new Uri($"/api/integrations/{Integration}/initial-sync", UriKind.Relative), null);
        var progress = await SyncRunWatcher.WaitAsync(app.Http, started.Headers.Location!, TimeSpan.FromMinutes(30));
        var wall = clock.Elapsed;

        var customerRequests = club.RequestCounts.GetValueOrDefault("GET /v1/customers");
        var contractRequests = club.RequestCounts.GetValueOrDefault("GET /v1/customers/{customerId}/contracts");
        var members = club.Store.All().Count(c => c.Status == "MEMBER");
        var lowerBound = TimeSpan.FromMinutes(Math.Max((int)Math.Ceiling(members / (double)limit) - 1, 0));
        var mostInAMinute = club.RateLimiter.Endpoints.Select(e => club.RateLimiter.MaxInAnySlidingWindow(e, TimeSpan.FromMinutes(1))).DefaultIfEmpty(0).Max();
        var queues = new QueueServiceClient(azurite.ConnectionString, StorageAccount.QueueOptions());
        var poison = 0;
        foreach (var queue in QueueNames.All)
        {
            var client = queues.GetQueueClient(QueueNames.Poison(queue));
            await client.CreateIfNotExistsAsync();
            poison += (await client.GetPropertiesAsync()).Value.ApproximateMessagesCount;
        }
        var written = progress.GetProperty("clientsWritten").GetInt32() + progress.GetProperty("packagesWritten").GetInt32();
        var peak = app.PeakMemoryBytes();

        // A quiet scheduled scan: nothing changed at the source.
        await app.Http.PostAsJsonAsync(new Uri("/api/schedules/ClientSync", UriKind.Relative), new { integration = Integration });
        var quietRun = await LatestRunAsync(tables, "ClientSync");
        var quiet = await SyncRunWatcher.WaitAsync(app.Http, new Uri($"/api/integrations/{Integration}/sync-runs/{quietRun}", UriKind.Relative), TimeSpan.FromMinutes(30));
        var quietWrites = quiet.GetProperty("clientsWritten").GetInt32() + quiet.GetProperty("packagesWritten").GetInt32();

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {customers} | {members} | {customerRequests} / {contractRequests} | {lowerBound.TotalSeconds:0.0} s | {wall.TotalSeconds:0.0} s | " +
            $"{(lowerBound > TimeSpan.Zero ? (wall / lowerBound).ToString("0.00", CultureInfo.InvariantCulture) : "n/a")} | {club.RateLimiter.TotalRejected} | {poison} | {mostInAMinute} | " +
            $"{written} | {written / wall.TotalSeconds:0} | {(peak is { } p ? $"{p / (1024.0 * 1024):0} MiB" : "n/a")} | {quietWrites} |"));
        var completed = progress.GetProperty("status").GetString() == "Completed" && progress.GetProperty("errors").GetInt32() == 0;
        if (!completed)
        {
            Console.WriteLine($"  (the run ended {progress.GetProperty("status").GetString()} with {progress.GetProperty("errors").GetInt32()} errors)");
        }

        var withinBound = lowerBound == TimeSpan.Zero || wall / lowerBound <= 1.1;
        return completed && withinBound && club.RateLimiter.TotalRejected == 0 && poison == 0 && mostInAMinute <= limit && quietWrites == 0;
    }

    private static async Task<string> LatestRunAsync(TableServiceClient tables, string kind)
    {
        while (true)
        {
            string? latest = null;
            await foreach (var run in tables.GetTableClient(TableNames.SyncRuns).QueryColumnsAsync($"PartitionKey eq '{Integration}' and Kind eq '{kind}'", ["RowKey"]))
            {
                latest = run.RowKey;
            }

            if (latest is not null)
            {
                return latest;
            }

            await Task.Delay(100);
        }
    }

    private static async Task SeedPackagesAsync(TableServiceClient tables)
    {
        var packages = tables.GetTableClient(TableNames.Packages);
        await packages.CreateIfNotExistsAsync();
        foreach (var altId in PerfectGymNextStore.PackageAltIds)
        {
            await packages.UpsertEntityAsync(new TableEntity(Integration, altId) { ["Active"] = true });
        }
    }
}
