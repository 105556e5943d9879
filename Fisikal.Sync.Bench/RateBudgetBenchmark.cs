using System.Globalization;
using Fisikal.Sync.Simulators.Azurite;
using Fisikal.Sync.Simulators.PerfectGymNext;

namespace Fisikal.Sync.Bench;

/// <summary>
/// Requests per minute achieved against a budget, alone and with three instances sharing it, against a
/// simulator limited to that same budget (goal: at least 95% of the budget, zero 429s, zero failed calls, and never more
/// than the limit in any sliding window at the club). Exits 1 when the goal is missed.
/// </summary>
public static class RateBudgetBenchmark
{
    public static async Task<int> RunAsync(int limit, TimeSpan window, int windows, int concurrency)
    {
        Console.WriteLine($"Rate budget benchmark: budget {limit} requests per {window.TotalSeconds:0}s window per endpoint, " +
                          $"{windows} windows a phase, {concurrency} concurrent calls per instance, endpoint getCustomersContracts.");
        await using var azurite = await AzuriteProcess.StartAsync();
        await using var club = await PerfectGymNextSimulator.StartAsync(new PerfectGymNextSimulatorOptions { Customers = 200, LimitPerWindow = limit, Window = window });
        var ids = string.Join(',', club.Store.All().Select(c => c.Id.ToString(CultureInfo.InvariantCulture)));

        Console.WriteLine();
        Console.WriteLine("| instances | budget / min | achieved / min | of budget | 429s at the club | failed calls | most in any sliding window (limit) |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        var allGood = true;
        var phase = 0;
        const string Contracts = "GET /v1/customers/{customerId}/contracts";
        foreach (var instances in new[] { 1, 3 })
        {
            var rejectedBefore = club.RateLimiter.TotalRejected;
            var phaseStarted = DateTimeOffset.UtcNow;
            var environment = new Dictionary<string, string>
            {
                ["BENCH_STORAGE"] = azurite.ConnectionString,
                ["BENCH_BASE_URL"] = club.BaseUrl.AbsoluteUri,
                ["BENCH_INTEGRATION"] = $"bench{phase++}",
                ["SIMULATOR_API_KEY"] = club.Options.ApiKey,
                ["BENCH_LIMIT"] = limit.ToString(CultureInfo.InvariantCulture),
                ["BENCH_WINDOW_MS"] = ((long)window.TotalMilliseconds).ToString(CultureInfo.InvariantCulture),
                ["BENCH_DURATION_MS"] = ((long)(window.TotalMilliseconds * windows)).ToString(CultureInfo.InvariantCulture),
                ["BENCH_CONCURRENCY"] = concurrency.ToString(CultureInfo.InvariantCulture),
                ["BENCH_CUSTOMER_IDS"] = ids,
            };
            var results = await WorkerProcesses.RunAsync(instances, environment);
            var ok = results.Sum(r => r.Ok);
            var perMinute = ok / (window.TotalMinutes * windows);
            var budgetPerMinute = limit / window.TotalMinutes;
            var share = perMinute / budgetPerMinute;
            var rejected = club.RateLimiter.TotalRejected - rejectedBefore;
            var failed = results.Sum(r => r.Failed);
            var most = club.RateLimiter.MaxInAnySlidingWindow(Contracts, window, phaseStarted);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {instances} | {budgetPerMinute:0} | {perMinute:0} | {share:P1} | {rejected} | {failed} | {most} ({limit}) |"));
            allGood &= share >= 0.95 && rejected == 0 && failed == 0 && most <= limit;
        }

        Console.WriteLine();
        Console.WriteLine(allGood
            ? "Goal met: at least 95% of the budget, zero 429s, zero failed calls, never over the limit in any sliding window."
            : "Goal NOT met (at least 95% of the budget, zero 429s, zero failed calls, never over the limit in any sliding window).");
        return allGood ? 0 : 1;
    }
}
