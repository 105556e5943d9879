using System.Collections.Concurrent;
using Fisikal.Sync.Core.Budgets;
using Azure.Data.Tables;
using Fisikal.Sync.Core.Storage;
using Fisikal.Sync.Core.Sync;
using Fisikal.Sync.Tests.Infrastructure;

namespace Fisikal.Sync.Tests.Budgets;

/// <summary>The shared sliding budget on a real Azurite, with short real windows (these assert counts, not speed).</summary>
public sealed class SlidingRateBudgetTests
{
    [Fact]
    public async Task Three_instances_together_never_take_more_than_the_limit_in_any_sliding_window()
    {
        // A 6-second window cut in 100 ms slots: one slot of margin absorbs a busy machine's delay between token and use.
        var window = TimeSpan.FromSeconds(6);
        var options = new RateLimitOptions { RequestsPerMinute = 25, Window = window, LeaseChunk = 3 };
        var table = await NewTableAsync();
        var integration = AzuriteServer.UniqueName("club");
        var instances = Enumerable.Range(0, 3).Select(_ => new SlidingRateBudget(integration, options, table, TimeProvider.System)).ToList();
        var taken = new ConcurrentBag<long>();
        // Until more than two windows' worth were taken (the budget refilled twice), however slowly a loaded machine gets
        // there; a budget that got stuck is stopped after a minute, and fails below.
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        var callers = instances.SelectMany(budget => Enumerable.Range(0, 4).Select(async _ =>
        {
            try
            {
                while (true)
                {
                    await budget.AcquireAsync("getCustomersContracts", stop.Token);
                    taken.Add(DateTimeOffset.UtcNow.UtcTicks);
                    if (taken.Count > 50)
                    {
                        await stop.CancelAsync();
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
        }));
        await Task.WhenAll(callers);

        var times = taken.Order().ToArray();
        var most = 0;
        for (int first = 0, last = 0; last < times.Length; last++)
        {
            while (times[last] - times[first] >= window.Ticks)
            {
                first++;
            }

            most = Math.Max(most, last - first + 1);
        }

        // Never over the limit in any window, whatever its phase, and not stuck (below). How close to the limit it gets is
        // throughput, measured by `make bench` (998 of 1000 a minute), not here: on a loaded machine tokens leased here are
        // spent late enough for their slot to leave first (CI runs saw 18, then 12, of 25).
        Assert.InRange(most, 1, 25);
        Assert.True(times.Length > 50, $"{times.Length} tokens in a minute: the budget stopped refilling as its oldest slots left");
    }

    [Fact]
    public async Task Endpoints_have_separate_budgets()
    {
        // An hour-long window, so the test does not see a slot leave; 3 a window, one of them kept for logins.
        var options = new RateLimitOptions { RequestsPerMinute = 3, Window = TimeSpan.FromHours(1), LeaseChunk = 1 };
        var table = await NewTableAsync();
        var budget = new SlidingRateBudget(AzuriteServer.UniqueName("club"), options, table, TimeProvider.System);

        // Two tokens for each of two endpoints go at once; a third on one of them must wait for the oldest to leave.
        await budget.AcquireAsync("a");
        await budget.AcquireAsync("a");
        await budget.AcquireAsync("b");
        await budget.AcquireAsync("b");
        using var soon = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => budget.AcquireAsync("a", soon.Token).AsTask());
    }

    [Fact]
    public void The_log_keeps_only_its_span_and_reads_back_what_it_wrote()
    {
        var log = SlidingLog.Parse("100:3;161:2;162:5;bad;163:x;", firstSlot: 101);

        Assert.Equal([161L, 162L], log.Keys);
        Assert.Equal("161:2;162:5;", SlidingLog.Format(log));
    }

    private static async Task<TableClient> NewTableAsync()
    {
        var table = (await AzuriteServer.TablesAsync()).GetTableClient(AzuriteServer.UniqueName(TableNames.RateBudgets));
        await table.CreateIfNotExistsAsync();
        return table;
    }
}
