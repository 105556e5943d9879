using System.Globalization;
using Fisikal.Sync.Bench;
using Fisikal.Sync.Simulators.PerfectGymNext;
using Fisikal.Sync.Tests.Infrastructure;

namespace Fisikal.Sync.Tests.Budgets;

/// <summary>Two OS processes, each the app's real client, share one budget against a club limited to exactly it, in windows of its own phase.</summary>
public sealed class SharedBudgetProcessesTests
{
    [Fact]
    public async Task Two_processes_sharing_a_budget_see_zero_429s()
    {
        // A 6-second window (100 ms slots), the club's windows starting 1.7 s past ours.
        const int limit = 20;
        var window = TimeSpan.FromSeconds(6);
        await using var club = await PerfectGymNextSimulator.StartAsync(new PerfectGymNextSimulatorOptions { Customers = 20, LimitPerWindow = limit, Window = window, WindowPhase = TimeSpan.FromMilliseconds(1_700) });
        var azurite = await AzuriteServer.GetAsync();

        var results = await WorkerProcesses.RunAsync(2, new Dictionary<string, string>
        {
            ["BENCH_STORAGE"] = azurite.ConnectionString,
            ["BENCH_BASE_URL"] = club.BaseUrl.AbsoluteUri,
            ["BENCH_INTEGRATION"] = AzuriteServer.UniqueName("club"),
            ["SIMULATOR_API_KEY"] = club.Options.ApiKey,
            ["BENCH_LIMIT"] = limit.ToString(CultureInfo.InvariantCulture),
            ["BENCH_WINDOW_MS"] = "6000",
            ["BENCH_DURATION_MS"] = "10000",
            ["BENCH_CONCURRENCY"] = "4",
            ["BENCH_CUSTOMER_IDS"] = string.Join(',', club.Store.All().Select(c => c.Id.ToString(CultureInfo.InvariantCulture))),
        });

        Assert.Equal(0, club.RateLimiter.TotalRejected);
        Assert.All(results, r => Assert.Equal(0, r.Failed));
        Assert.All(results, r => Assert.True(r.Ok > 0, "each process should have had some of the budget"));

        // What the club saw: never over the limit in any 6 s, whatever the phase, and the budget was used (over half of it;
        // how close to the limit is throughput, measured by `make bench`, not asserted on a loaded machine).
        Assert.InRange(club.RateLimiter.MaxInAnySlidingWindow("GET /v1/customers/{customerId}/contracts"), limit / 2 + 1, limit);
    }
}
