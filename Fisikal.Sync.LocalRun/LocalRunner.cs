using System.Globalization;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Fisikal.Sync.Core.Storage;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Azure.Data.Tables;
using Fisikal.Sync.Core.Sync;
using Fisikal.Sync.Simulators.Azurite;
using Fisikal.Sync.Simulators.PerfectGymNext;
using Fisikal.Sync.Simulators.Processes;

namespace Fisikal.Sync.LocalRun;

/// <summary>
/// `make run`: Azurite and a simulated PerfectGym Next club on 127.0.0.1, the app standalone against them
/// (its real binary, as a child process), an initial sync with a progress bar, then the schedules until
/// Ctrl-C, or (once) one cycle of each schedule and a summary.
/// </summary>
public sealed class LocalRunner(LocalRunOptions options)
{
    public const string Integration = "demo";

    public async Task<int> RunAsync(CancellationToken stop)
    {
        Console.WriteLine("Starting Azurite (data in a temp folder, telemetry off)...");
        await using var azurite = await AzuriteProcess.StartAsync(preferDefaultPorts: true, cancellationToken: stop);
        Console.WriteLine($"  tables at 127.0.0.1:{azurite.TablePort}, queues at 127.0.0.1:{azurite.QueuePort}");

        var apiKey = RandomKey();
        await using var club = await PerfectGymNextSimulator.StartAsync(new PerfectGymNextSimulatorOptions { Customers = options.Customers, ApiKey = apiKey }, stop);
        var members = club.Store.All().Count(c => c.Status == "MEMBER");
        Console.WriteLine($"Simulated PerfectGym Next club: {club.Store.Count} customers ({members} members) at {club.BaseUrl}");

        var connection = (azurite.ConnectionString);
        var tables = new TableServiceClient(connection);
        var queues = new QueueServiceClient(connection, StorageAccount.QueueOptions());
        await SeedPlatformAsync(tables, club.Options.StudioIds, stop);

        // The console is for what a person watches; every line the emulator and the worker write goes to a file.
        await using var log = AppLog.Open(Path.Combine(Directory.GetCurrentDirectory(), ".run"));
        using var quiet = stop.Register(log.Quiet);
        Console.WriteLine($"Full logs of the app: {log.Path}");

        // Admin routes always need a key: one made for this run, printed with the status page's address.
        var adminKey = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();
        await using var app = await StartAppAsync(azurite, club, apiKey, adminKey, log);
        var http = app.Http;

        Console.WriteLine($"App running under the host emulator at {app.Address}; status page: {new Uri(app.Address, "/api/status")} (admin key for this run: {adminKey})");

        var run = await RunInitialSyncAsync(http, club.Store.Count, stop);
        if (run.GetProperty("status").GetString() != "Completed")
        {
            Console.Error.WriteLine($"The initial sync did not complete: {run}");
            return 1;
        }

        if (!options.Once)
        {
            return await RunUntilStoppedAsync(app, log, stop);
        }

        await RunEachScheduleOnceAsync(http, tables, queues, stop);
        var summary = await RunSummary.ReadAsync(tables, Integration, stop);
        summary.Print(Integration, club.Store.Count, members);
        await app.StopAsync(TimeSpan.FromSeconds(20));
        if (summary.Clients != members)
        {
            Console.Error.WriteLine($"Expected {members} clients (the club's members), found {summary.Clients}.");
            return 1;
        }

        return 0;
    }

    /// <summary>The app under the host emulator, on the simulated club, with schedules faster than production's.</summary>
    private async Task<AppProcess> StartAppAsync(AzuriteProcess azurite, PerfectGymNextSimulator club, string apiKey, string adminKey, AppLog log) =>
        await AppProcess.StartAsync(
            new Dictionary<string, string?>
            {
                ["AzureWebJobsStorage"] = azurite.ConnectionString,
                ["Admin__ApiKey"] = adminKey,
                ["HostEmulator__TimerSchedule__Scheduler"] = "*/5 * * * * *",
                [$"Integrations__{Integration}__Kind"] = "PerfectGymNext",
                [$"Integrations__{Integration}__BaseUrl"] = club.BaseUrl.AbsoluteUri,
                [$"Integrations__{Integration}__ApiKey"] = apiKey,
                // Faster than production's 10 and 2 minutes, so the schedules are seen at work.
                [$"Integrations__{Integration}__ClientSyncSchedule"] = "0 */1 * * * *",
                [$"Integrations__{Integration}__AccessSyncSchedule"] = "30 */1 * * * *",
            },
            worker: options.AppPath,
            port: LoopbackPorts.PreferOrPick(7071),
            echo: log.Write);

    /// <summary>Schedules run until Ctrl-C (exit 0), or until the app stops on its own (exit 1).</summary>
    private static async Task<int> RunUntilStoppedAsync(AppProcess app, AppLog log, CancellationToken stop)
    {
        Console.WriteLine("Schedules are running (client sync every minute here). Ctrl-C to stop.");
        await Task.WhenAny(app.WaitForExitAsync(CancellationToken.None), Task.Delay(Timeout.Infinite, stop)).ConfigureAwait(false);

        // A terminal's Ctrl-C reaches every process of the group at once: the app may end before our own signal is
        // handled. It ended on its own only if no stop follows and it did not exit cleanly.
        var crashed = false;
        if (app.HasExited && !stop.IsCancellationRequested)
        {
            await Task.WhenAny(Task.Delay(TimeSpan.FromSeconds(2), CancellationToken.None), Task.Delay(Timeout.Infinite, stop)).ConfigureAwait(false);
            crashed = !stop.IsCancellationRequested;
        }

        Console.WriteLine(crashed ? $"The app stopped on its own (exit code {app.ExitCode}); see {log.Path}." : "Stopped.");
        await app.StopAsync(TimeSpan.FromSeconds(20));
        return crashed ? 1 : 0;
    }

    private static async Task SeedPlatformAsync(TableServiceClient tables, IReadOnlyList<long> studioIds, CancellationToken stop)
    {
        // What the platform writes when an operator configures packages, locations and doors (seed 000).
        // Some of the club's rates and add-ons are left without a package, as on a first set-up, so
        // the run shows the notifications that tell an operator which Alt IDs to create.
        var packages = tables.GetTableClient(TableNames.Packages);
        await packages.CreateIfNotExistsAsync(stop);
        foreach (var altId in new[] { "rate_GOLD", "rate_SILVER12", "module_Sauna & Spa", "flatfee_Towel Service" })
        {
            await packages.UpsertEntityAsync(new TableEntity(Integration, altId) { ["Name"] = altId, ["Active"] = true }, cancellationToken: stop);
        }

        var locations = tables.GetTableClient(TableNames.Locations);
        await locations.CreateIfNotExistsAsync(stop);
        for (var i = 0; i < studioIds.Count; i++)
        {
            await locations.UpsertEntityAsync(
                new TableEntity(Integration, $"location-{i + 1}")
                {
                    ["ClubNumber"] = studioIds[i].ToString(CultureInfo.InvariantCulture),
                    ["Name"] = $"Studio {i + 1}",
                    ["DoorId"] = $"door-{i + 1}",
                },
                cancellationToken: stop);
        }
    }

    private static async Task<JsonElement> RunInitialSyncAsync(HttpClient http, int customers, CancellationToken stop)
    {
        using var started = await http.PostAsync(new Uri($"/api/integrations/{Integration}/initial-sync", UriKind.Relative), null, stop);
        started.EnsureSuccessStatusCode();
        var location = started.Headers.Location!;
        Console.WriteLine($"Initial sync started: {location}");
        var bar = new ProgressBar("Initial sync", customers);
        while (true)
        {
            var progress = await http.GetFromJsonAsync<JsonElement>(location, stop);
            var status = progress.GetProperty("status").GetString();
            bar.Show(
                progress.GetProperty("membersSeen").GetInt32(),
                $"members seen · {progress.GetProperty("clientsWritten").GetInt32()} clients · " +
                $"{progress.GetProperty("packageChunksDone").GetInt32()}/{progress.GetProperty("packageChunks").GetInt32()} package batches · " +
                $"{progress.GetProperty("packagesAssigned").GetInt32()} packages · {progress.GetProperty("errors").GetInt32()} errors · {status}");
            if (status is "Completed" or "Failed")
            {
                bar.Finish();
                return progress;
            }

            await Task.Delay(250, stop);
        }
    }

    private static async Task RunEachScheduleOnceAsync(HttpClient http, TableServiceClient tables, QueueServiceClient queues, CancellationToken stop)
    {
        var functions = await http.GetFromJsonAsync<JsonElement>(new Uri("/api/schedules", UriKind.Relative), stop);
        foreach (var function in functions.EnumerateArray().Where(f => f.GetProperty("integrations").EnumerateArray().Any(i => i.GetString() == Integration)))
        {
            var name = function.GetProperty("name").GetString()!;
            Console.WriteLine($"Running schedule {name} once...");
            using var response = await http.PostAsJsonAsync(new Uri($"/api/schedules/{name}", UriKind.Relative), new { integration = Integration }, stop);
            response.EnsureSuccessStatusCode();
        }

        // Done when no run is active and no queue holds work (a message being processed still counts).
        var deadline = DateTime.UtcNow.AddMinutes(10);
        while (DateTime.UtcNow < deadline)
        {
            var pending = await new SyncStorage(tables, queues).PendingMessagesAsync(stop);

            var active = 0;
            await foreach (var run in tables.GetTableClient(TableNames.SyncRuns).QueryColumnsAsync($"PartitionKey eq {TableKeys.Quote(Integration)}", ["Status"], cancellationToken: stop))
            {
                active += run.GetString("Status") is "Queued" or "Running" ? 1 : 0;
            }

            if (pending == 0 && active == 0)
            {
                return;
            }

            await Task.Delay(250, stop);
        }

        throw new TimeoutException("The schedules' work did not finish within 10 minutes.");
    }

    private static string RandomKey() => Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();
}
