using System.Globalization;
using Fisikal.Sync.Bench;
using Fisikal.Sync.Simulators.PerfectGymNext;
using Fisikal.Sync.Tests.Infrastructure;

namespace Fisikal.Sync.Tests.Budgets;

/// <summary>Two OS processes, each the app's real client, share one budget against a club limited to exactly it.</summary>
public sealed class SharedBudgetProcessesTests
{
    [Fact]
    public async Task Two_processes_sharing_a_budget_see_zero_429s()
    {
        const int limit = 20;
        var window = TimeSpan.FromSeconds(2);
        await using var club = await PerfectGymNextSimulator.StartAsync(new PerfectGymNextSimulatorOptions { Customers = 20, LimitPerWindow = limit, Window = window });
        var azurite = await AzuriteServer.GetAsync();

        var results = await WorkerProcesses.RunAsync(2, new Dictionary<string, string>
        {
            ["BENCH_STORAGE"] = azurite.ConnectionString,
            ["BENCH_BASE_URL"] = club.BaseUrl.AbsoluteUri,
            ["BENCH_INTEGRATION"] = AzuriteServer.UniqueName("club"),
            ["SIMULATOR_API_KEY"] = club.Options.ApiKey,
            ["BENCH_LIMIT"] = limit.ToString(CultureInfo.InvariantCulture),
            ["BENCH_WINDOW_MS"] = "2000",
            ["BENCH_DURATION_MS"] = "4000",
            ["BENCH_CONCURRENCY"] = "4",
            ["BENCH_CUSTOMER_IDS"] = string.Join(',', club.Store.All().Select(c => c.Id.ToString(CultureInfo.InvariantCulture))),
        });

        Assert.Equal(0, club.RateLimiter.TotalRejected);
        Assert.All(results, r => Assert.Equal(0, r.Failed));
        Assert.All(results, r => Assert.True(r.Ok > 0, "each process should have had some of the budget"));

        // What the club counted, window by window: never over the limit, and the budget was used.
        var perWindow = club.RateLimiter.AdmittedPerWindow("GET /v1/customers/{customerId}/contracts");
        Assert.All(perWindow, count => Assert.InRange(count, 0, limit));
        Assert.Contains(limit, perWindow);
    }
}
