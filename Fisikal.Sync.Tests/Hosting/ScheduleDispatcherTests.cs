using Fisikal.Sync.Core.Integrations;
using Fisikal.Sync.Core.Sync;
using Fisikal.Sync.Functions.Hosting;
using Fisikal.Sync.Functions.Hosting.Standalone;
using Fisikal.Sync.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace Fisikal.Sync.Tests.Hosting;

/// <summary>Several instances on one storage account fire each occurrence of a schedule once.</summary>
public sealed class ScheduleDispatcherTests
{
    [Fact]
    public async Task Three_instances_fire_each_occurrence_exactly_once_and_not_at_start()
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 11, 22, 10, 0, 30, TimeSpan.Zero));
        var integration = Integration(AzuriteServer.UniqueName("club"), "0 */10 * * * *");
        var storage = new SyncStorage(await AzuriteServer.TablesAsync(clock), await AzuriteServer.QueuesAsync(clock));
        await storage.Table(TableNames.SyncCheckpoints).CreateIfNotExistsAsync();
        var function = new CountingFunction();
        var instances = Enumerable.Range(0, 3)
            .Select(_ => new ScheduleDispatcher([function], new IntegrationRegistry([integration]), storage, clock, NullLogger<ScheduleDispatcher>.Instance))
            .ToList();

        async Task<int> TickAllAsync() => (await Task.WhenAll(instances.Select(i => i.RunDueAsync()))).Sum();

        Assert.Equal(0, await TickAllAsync());          // 10:00:30 first sight: next is 10:10
        clock.Set(clock.GetUtcNow().AddMinutes(5));
        Assert.Equal(0, await TickAllAsync());          // 10:05:30 not due
        clock.Set(new DateTimeOffset(2026, 11, 22, 10, 10, 1, TimeSpan.Zero));
        Assert.Equal(1, await TickAllAsync());          // 10:10:01 due: one instance claims it
        Assert.Equal(0, await TickAllAsync());          // already claimed
        clock.Set(new DateTimeOffset(2026, 11, 22, 10, 20, 0, TimeSpan.Zero));
        Assert.Equal(1, await TickAllAsync());

        Assert.Equal(2, function.Runs);
        var row = (await storage.Table(TableNames.SyncCheckpoints).GetEntityAsync(integration.Name, "schedule:Counting")).Value;
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 10, 30, 0, TimeSpan.Zero), row.GetDateTimeOffset("NextRunAt"));
        Assert.Equal("Succeeded", row.GetString("LastResult"));
    }

    [Fact]
    public async Task A_changed_schedule_runs_at_its_own_next_occurrence_not_the_old_ones()
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 11, 22, 10, 0, 30, TimeSpan.Zero));
        var daily = Integration(AzuriteServer.UniqueName("club"), "0 0 3 * * *");
        var storage = new SyncStorage(await AzuriteServer.TablesAsync(clock), await AzuriteServer.QueuesAsync(clock));
        await storage.Table(TableNames.SyncCheckpoints).CreateIfNotExistsAsync();
        var function = new CountingFunction();
        Assert.Equal(0, await new ScheduleDispatcher([function], new IntegrationRegistry([daily]), storage, clock, NullLogger<ScheduleDispatcher>.Instance).RunDueAsync());

        // The club moves to every 10 minutes (a restart with the new setting): the stored 03:00 tomorrow must not win.
        var restarted = new ScheduleDispatcher([function], new IntegrationRegistry([Integration(daily.Name, "0 */10 * * * *")]), storage, clock, NullLogger<ScheduleDispatcher>.Instance);
        clock.Set(new DateTimeOffset(2026, 11, 22, 10, 2, 0, TimeSpan.Zero));
        Assert.Equal(0, await restarted.RunDueAsync());   // sees the change: next is 10:10, not tomorrow 03:00
        clock.Set(new DateTimeOffset(2026, 11, 22, 10, 10, 1, TimeSpan.Zero));
        Assert.Equal(1, await restarted.RunDueAsync());
        clock.Set(new DateTimeOffset(2026, 11, 22, 10, 20, 1, TimeSpan.Zero));
        Assert.Equal(1, await restarted.RunDueAsync());

        Assert.Equal(2, function.Runs);
        var row = (await storage.Table(TableNames.SyncCheckpoints).GetEntityAsync(daily.Name, "schedule:Counting")).Value;
        Assert.Equal("0 */10 * * * *", row.GetString("Schedule"));
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 10, 30, 0, TimeSpan.Zero), row.GetDateTimeOffset("NextRunAt"));
    }

    [Fact]
    public async Task A_failing_run_is_recorded_and_the_schedule_goes_on()
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 11, 22, 10, 0, 0, TimeSpan.Zero));
        var integration = new IntegrationOptions { Name = AzuriteServer.UniqueName("club"), Kind = IntegrationKind.PerfectGymNext, BaseUrl = new Uri("http://127.0.0.1:1/v1"), ApiKey = "k" };
        var storage = new SyncStorage(await AzuriteServer.TablesAsync(clock), await AzuriteServer.QueuesAsync(clock));
        await storage.Table(TableNames.SyncCheckpoints).CreateIfNotExistsAsync();
        var dispatcher = new ScheduleDispatcher([new CountingFunction { Fail = true }], new IntegrationRegistry([integration]), storage, clock, NullLogger<ScheduleDispatcher>.Instance);

        await dispatcher.RunDueAsync();
        clock.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(1, await dispatcher.RunDueAsync());

        var row = (await storage.Table(TableNames.SyncCheckpoints).GetEntityAsync(integration.Name, "schedule:Counting")).Value;
        Assert.Equal("Failed", row.GetString("LastResult"));
        Assert.Contains("boom", row.GetString("LastError"), StringComparison.Ordinal);
        Assert.True(row.GetDateTimeOffset("NextRunAt") > clock.GetUtcNow());
    }

    private static IntegrationOptions Integration(string name, string clientSyncSchedule) => new()
    {
        Name = name,
        Kind = IntegrationKind.PerfectGymNext,
        BaseUrl = new Uri("http://127.0.0.1:1/v1"),
        ApiKey = "unused",
        ClientSyncSchedule = clientSyncSchedule,
    };

    private sealed class CountingFunction : IScheduledFunction
    {
        private int _runs;

        public bool Fail { get; init; }

        public int Runs => _runs;

        public string Name => "Counting";

        public string ScheduleFor(IntegrationOptions integration) => integration.ClientSyncSchedule;

        public Task RunAsync(IntegrationOptions integration, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _runs);
            return Fail ? Task.FromException(new InvalidOperationException("boom")) : Task.CompletedTask;
        }
    }
}
