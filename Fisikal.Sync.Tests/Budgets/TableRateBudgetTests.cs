using System.Collections.Concurrent;
using Fisikal.Sync.Core.Budgets;
using Fisikal.Sync.Core.Storage.Tables;
using Fisikal.Sync.Core.Sync;
using Fisikal.Sync.Tests.Infrastructure;

namespace Fisikal.Sync.Tests.Budgets;

/// <summary>The shared budget on a real Azurite, with short real windows (these assert counts, not speed).</summary>
public sealed class TableRateBudgetTests
{
    [Fact]
    public async Task Three_instances_together_never_take_more_than_the_limit_of_a_window()
    {
        var options = new RateLimitOptions { RequestsPerMinute = 25, Window = TimeSpan.FromSeconds(2), Guard = TimeSpan.FromMilliseconds(100), LeaseChunk = 3 };
        var table = await NewTableAsync();
        var integration = AzuriteServer.UniqueName("club");
        var instances = Enumerable.Range(0, 3).Select(_ => new TableRateBudget(integration, options, table, TimeProvider.System)).ToList();
        var taken = new ConcurrentBag<long>();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(5));

        var callers = instances.SelectMany(budget => Enumerable.Range(0, 4).Select(async _ =>
        {
            try
            {
                while (true)
                {
                    var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 2000;
                    await budget.AcquireAsync("getCustomersContracts", stop.Token);
                    var after = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 2000;

                    // A token whose call straddled a window boundary (a busy machine) can't be placed: not counted here.
                    if (before == after)
                    {
                        taken.Add(after);
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
        }));
        await Task.WhenAll(callers);

        var perWindow = taken.GroupBy(w => w).OrderBy(g => g.Key).Select(g => g.Count()).ToList();
        Assert.True(perWindow.Count >= 2, $"expected tokens in at least two windows, got [{string.Join(", ", perWindow)}]");
        Assert.All(perWindow, count => Assert.InRange(count, 1, 25));

        // The shared rows agree: none handed out more than its limit, and the callers used a whole window.
        var rows = await table.QueryAsync($"PartitionKey eq '{integration}'").ToListAsync();
        Assert.All(rows, r => Assert.InRange(r.GetInt32("Used")!.Value, 1, 25));
        Assert.Contains(rows, r => r.GetInt32("Used") == 25);
    }

    [Fact]
    public async Task Endpoints_have_separate_budgets()
    {
        // An hour-long window, so the test does not straddle two.
        var options = new RateLimitOptions { RequestsPerMinute = 2, Window = TimeSpan.FromHours(1), Guard = TimeSpan.Zero, LeaseChunk = 1 };
        var table = await NewTableAsync();
        var budget = new TableRateBudget(AzuriteServer.UniqueName("club"), options, table, TimeProvider.System);

        // Two tokens for each of two endpoints go at once; a third on one of them must wait for the next window.
        await budget.AcquireAsync("a");
        await budget.AcquireAsync("a");
        await budget.AcquireAsync("b");
        await budget.AcquireAsync("b");
        using var soon = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => budget.AcquireAsync("a", soon.Token).AsTask());
    }

    private static async Task<TableClient> NewTableAsync()
    {
        var table = (await AzuriteServer.TablesAsync()).GetTableClient(AzuriteServer.UniqueName(TableNames.RateBudgets));
        await table.CreateIfNotExistsAsync();
        return table;
    }
}
