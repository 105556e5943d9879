using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Fisikal.Sync.Core.Storage;
using Azure.Data.Tables;
using Fisikal.Sync.Core.Sync;
using Fisikal.Sync.Simulators.Azurite;
using Fisikal.Sync.Simulators.PerfectGymNext;
using Fisikal.Sync.Simulators.Processes;
using Fisikal.Sync.Tests.Infrastructure;

namespace Fisikal.Sync.Tests.Sync;

/// <summary>kill -9 in the middle of an initial sync; a new instance finishes it with exactly the source's members and packages.</summary>
public sealed class CrashRecoveryTests
{
    [Fact]
    public async Task An_initial_sync_killed_mid_run_finishes_after_a_restart_with_nothing_duplicated_or_lost()
    {
        await using var azurite = await AzuriteProcess.StartAsync();
        await using var club = await PerfectGymNextSimulator.StartAsync(new PerfectGymNextSimulatorOptions { Customers = 600 });
        club.Faults.Latency = TimeSpan.FromMilliseconds(15);
        var tables = new TableServiceClient(azurite.ConnectionString);
        await SeedPackagesAsync(tables);
        var settings = TestAppSettings.For(azurite, club, separator: "__");
        settings["HostEmulator__QueueMessageLease"] = "00:00:04";
        settings[$"Integrations__{TestAppSettings.Integration}__SliceSize"] = "100";

        Uri run;
        await using (var first = await AppProcess.StartAsync(settings))
        {
            var started = await first.Http.PostAsync(new Uri($"/api/integrations/{TestAppSettings.Integration}/initial-sync", UriKind.Relative), null);
            run = started.Headers.Location!;

            // Kill once the run is well under way: pages read and package chunks partly done.
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (true)
            {
                var progress = await first.Http.GetFromJsonAsync<JsonElement>(run);
                var done = progress.GetProperty("packageChunksDone").GetInt32();
                if (done >= 4 && progress.GetProperty("status").GetString() == "Running")
                {
                    break;
                }

                Assert.True(DateTime.UtcNow < deadline, $"the run never got under way: {progress}");
                await Task.Delay(50);
            }

            first.KillHard();
        }

        await using var second = await AppProcess.StartAsync(settings);
        var final = await SyncRunWatcher.WaitAsync(second.Http, run, TimeSpan.FromSeconds(120));

        Assert.Equal("Completed", final.GetProperty("status").GetString());
        var members = club.Store.All().Where(c => c.Status == "MEMBER").ToList();
        Assert.Equal(club.Store.Count, final.GetProperty("membersSeen").GetInt32());

        var clients = await tables.GetTableClient(TableNames.Clients).QueryAsync<TableEntity>($"PartitionKey eq '{TestAppSettings.Integration}'").ToListAsync();
        Assert.Equal(members.Select(m => Id(m.Id)).Order(StringComparer.Ordinal), clients.Select(c => c.RowKey).Order(StringComparer.Ordinal));

        var expected = members
            .SelectMany(m => club.Store.Contracts(m.Id).SelectMany(c =>
                new[] { $"{TestAppSettings.Integration}:{Id(m.Id)}|contract:{Id(c.Id)}" }
                    .Concat(c.ModuleContracts.Select(s => $"{TestAppSettings.Integration}:{Id(m.Id)}|module:{Id(s.Id)}"))
                    .Concat(c.FlatFeeContracts.Select(s => $"{TestAppSettings.Integration}:{Id(m.Id)}|flatfee:{Id(s.Id)}"))))
            .Order(StringComparer.Ordinal)
            .ToList();
        var range = $"PartitionKey ge '{TestAppSettings.Integration}:' and PartitionKey lt '{TestAppSettings.Integration};'";
        var packages = await tables.GetTableClient(TableNames.ClientPackages).QueryAsync<TableEntity>(range).ToListAsync();
        Assert.Equal(expected, packages.Select(p => $"{p.PartitionKey}|{p.RowKey}").Order(StringComparer.Ordinal));
        Assert.All(packages, p => Assert.Equal("Active", p.GetString("Status")));
        Assert.Equal(expected.Count, final.GetProperty("packagesAssigned").GetInt32());
    }

    private static async Task SeedPackagesAsync(TableServiceClient tables)
    {
        var packages = tables.GetTableClient(TableNames.Packages);
        await packages.CreateIfNotExistsAsync();
        foreach (var altId in PerfectGymNextStore.PackageAltIds)
        {
            await packages.UpsertEntityAsync(new TableEntity(TestAppSettings.Integration, altId) { ["Name"] = altId, ["Active"] = true });
        }
    }

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);
}
