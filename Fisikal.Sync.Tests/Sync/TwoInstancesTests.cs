using Fisikal.Sync.Core.Storage;
using Azure.Data.Tables;
using Fisikal.Sync.Core.Sync;
using Fisikal.Sync.Simulators.Azurite;
using Fisikal.Sync.Simulators.PerfectGymNext;
using Fisikal.Sync.Simulators.Processes;
using Fisikal.Sync.Tests.Infrastructure;

namespace Fisikal.Sync.Tests.Sync;

/// <summary>Two standalone instances of the real binary on one storage account share a run's work.</summary>
public sealed class TwoInstancesTests
{
    [Fact]
    public async Task Two_instances_share_the_queues_and_finish_one_run_exactly()
    {
        await using var azurite = await AzuriteProcess.StartAsync();
        // About the queues, not the club's limit (tested on its own): a 429's minute of penalty is not what this waits for.
        await using var club = await PerfectGymNextSimulator.StartAsync(new PerfectGymNextSimulatorOptions { Customers = 1000, LimitPerWindow = 0 });
        club.Faults.Latency = TimeSpan.FromMilliseconds(20);
        var settings = TestAppSettings.For(azurite, club, separator: "__");
        settings[$"Integrations__{TestAppSettings.Integration}__SliceSize"] = "50";
        await using var one = await AppProcess.StartAsync(settings);
        await using var two = await AppProcess.StartAsync(settings);

        var started = await one.Http.PostAsync(new Uri($"/api/integrations/{TestAppSettings.Integration}/initial-sync", UriKind.Relative), null);
        // A bound on liveness, not speed: under the whole suite's load on 2 cores a CI run was at 37 of 40 chunks at 90 s.
        var progress = await SyncRunWatcher.WaitAsync(two.Http, started.Headers.Location!, TimeSpan.FromMinutes(4));

        Assert.Equal("Completed", progress.GetProperty("status").GetString());
        Assert.Equal(club.Store.Count, progress.GetProperty("membersSeen").GetInt32());
        var clients = await new TableServiceClient(azurite.ConnectionString).GetTableClient(TableNames.Clients)
            .QueryAsync<TableEntity>($"PartitionKey eq '{TestAppSettings.Integration}'").ToListAsync();
        Assert.Equal(club.Store.All().Count(c => c.Status == "MEMBER"), clients.Count);

        // Every page was handled exactly once, by one instance or the other. (Which one is the queues' business: pages
        // follow one another, and the instance that just finished one often polls first, so one may take them all.)
        var pages = PagesHandled(one.AllOutput()).Concat(PagesHandled(two.AllOutput())).ToList();
        Assert.NotEmpty(pages);
        Assert.Equal(pages.Count, pages.Distinct(StringComparer.Ordinal).Count());
    }

    private static IEnumerable<string> PagesHandled(string output) =>
        System.Text.RegularExpressions.Regex.Matches(output, @"Page (\S+): \d+ members seen; clients ").Select(m => m.Groups[1].Value);
}
