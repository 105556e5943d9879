using Fisikal.Sync.Core.Storage;
using Azure.Data.Tables;
using Fisikal.Sync.Core.Integrations;
using Fisikal.Sync.Core.Sync;
using Fisikal.Sync.Functions.Hosting;
using Fisikal.Sync.Core.Scheduling;
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
        var storage = await AzuriteServer.StorageAsync();
        var function = new CountingFunction();
        var instances = Enumerable.Range(0, 3)
            .Select(_ => new ScheduleDispatcher([function], new IntegrationRegistry([integration]), storage, clock, NullLogger<ScheduleDispatcher>.Instance))
            .ToList();

        async Task<int> TickAllAsync()
        {
            var queued = (await Task.WhenAll(instances.Select(i => i.RunDueAsync()))).Sum();
            Assert.Equal(queued, await RunQueuedAsync(storage, instances[0], integration.Name));
            return queued;
        }

        Assert.Equal(0, await TickAllAsync());          // 10:00:30 first sight: next is 10:10
        clock.Set(clock.GetUtcNow().AddMinutes(5));
        Assert.Equal(0, await TickAllAsync());          // 10:05:30 not due
        clock.Set(new DateTimeOffset(2026, 11, 22, 10, 10, 1, TimeSpan.Zero));
        Assert.Equal(1, await TickAllAsync());          // 10:10:01 due: one instance claims it
        Assert.Equal(0, await TickAllAsync());          // already claimed
        clock.Set(new DateTimeOffset(2026, 11, 22, 10, 20, 0, TimeSpan.Zero));
        Assert.Equal(1, await TickAllAsync());

        Assert.Equal(2, function.Runs);
        var row = (await storage.Table(TableNames.SyncCheckpoints).GetEntityAsync<TableEntity>(integration.Name, "schedule:Counting")).Value;
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 10, 30, 0, TimeSpan.Zero), row.GetDateTimeOffset("NextRunAt"));
        Assert.Equal("Succeeded", row.GetString("LastResult"));
    }

    [Fact]
    public async Task A_changed_schedule_runs_at_its_own_next_occurrence_not_the_old_ones()
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 11, 22, 10, 0, 30, TimeSpan.Zero));
        var daily = Integration(AzuriteServer.UniqueName("club"), "0 0 3 * * *");
        var storage = await AzuriteServer.StorageAsync();
        var function = new CountingFunction();
        Assert.Equal(0, await new ScheduleDispatcher([function], new IntegrationRegistry([daily]), storage, clock, NullLogger<ScheduleDispatcher>.Instance).RunDueAsync());
        async Task<int> TickAsync(ScheduleDispatcher dispatcher) => await dispatcher.RunDueAsync() is var queued && queued == await RunQueuedAsync(storage, dispatcher, daily.Name) ? queued : -1;

        // The club moves to every 10 minutes (a restart with the new setting): the stored 03:00 tomorrow must not win.
        var restarted = new ScheduleDispatcher([function], new IntegrationRegistry([Integration(daily.Name, "0 */10 * * * *")]), storage, clock, NullLogger<ScheduleDispatcher>.Instance);
        clock.Set(new DateTimeOffset(2026, 11, 22, 10, 2, 0, TimeSpan.Zero));
        Assert.Equal(0, await TickAsync(restarted));   // sees the change: next is 10:10, not tomorrow 03:00
        clock.Set(new DateTimeOffset(2026, 11, 22, 10, 10, 1, TimeSpan.Zero));
        Assert.Equal(1, await TickAsync(restarted));
        clock.Set(new DateTimeOffset(2026, 11, 22, 10, 20, 1, TimeSpan.Zero));
        Assert.Equal(1, await TickAsync(restarted));

        Assert.Equal(2, function.Runs);
        var row = (await storage.Table(TableNames.SyncCheckpoints).GetEntityAsync<TableEntity>(daily.Name, "schedule:Counting")).Value;
        Assert.Equal("0 */10 * * * *", row.GetString("Schedule"));
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 10, 30, 0, TimeSpan.Zero), row.GetDateTimeOffset("NextRunAt"));
    }

    [Fact]
    public async Task A_failing_run_is_recorded_and_the_schedule_goes_on()
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 11, 22, 10, 0, 0, TimeSpan.Zero));
        var integration = new IntegrationOptions { Name = AzuriteServer.UniqueName("club"), Kind = IntegrationKind.PerfectGymNext, BaseUrl = new Uri("http://127.0.0.1:1/v1"), ApiKey = "k" };
        var storage = await AzuriteServer.StorageAsync();
        var dispatcher = new ScheduleDispatcher([new CountingFunction { Fail = true }], new IntegrationRegistry([integration]), storage, clock, NullLogger<ScheduleDispatcher>.Instance);

        await dispatcher.RunDueAsync();
        clock.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(1, await dispatcher.RunDueAsync());
        Assert.Equal(1, await RunQueuedAsync(storage, dispatcher, integration.Name));

        var row = (await storage.Table(TableNames.SyncCheckpoints).GetEntityAsync<TableEntity>(integration.Name, "schedule:Counting")).Value;
        Assert.Equal("Failed", row.GetString("LastResult"));
        Assert.Contains("boom", row.GetString("LastError"), StringComparison.Ordinal);
        Assert.True(row.GetDateTimeOffset("NextRunAt") > clock.GetUtcNow());
    }

    [Fact]
    public async Task Each_due_occurrence_is_its_own_message_and_a_schedule_that_fails_to_claim_does_not_stop_the_others()
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 11, 22, 10, 0, 30, TimeSpan.Zero));
        var broken = Integration(AzuriteServer.UniqueName("broken"), "0 */10 * * * *");
        var first = Integration(AzuriteServer.UniqueName("club"), "0 */10 * * * *");
        var second = Integration(AzuriteServer.UniqueName("club"), "0 */10 * * * *");
        var storage = await AzuriteServer.StorageAsync();
        var function = new CountingFunction { BrokenFor = broken.Name };
        var dispatcher = new ScheduleDispatcher([function], new IntegrationRegistry([broken, first, second]), storage, clock, NullLogger<ScheduleDispatcher>.Instance);

        await dispatcher.RunDueAsync();
        clock.Set(new DateTimeOffset(2026, 11, 22, 10, 10, 1, TimeSpan.Zero));

        Assert.Equal(2, await dispatcher.RunDueAsync()); // the broken one is logged, the two clubs are queued
        Assert.Equal(2, await RunQueuedAsync(storage, dispatcher, first.Name, second.Name));
        Assert.Equal(2, function.Runs);
    }

    [Fact]
    public async Task An_occurrence_whose_enqueue_fails_stays_due_and_runs_at_the_next_tick_never_dropped()
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 11, 22, 10, 0, 30, TimeSpan.Zero));
        var integration = Integration(AzuriteServer.UniqueName("club"), "0 0 3 * * *"); // a daily job: a dropped one is a lost day
        var storage = await AzuriteServer.StorageAsync();
        var azurite = await AzuriteServer.GetAsync();
        var noRetries = Fisikal.Sync.Core.Storage.StorageAccount.QueueOptions();
        noRetries.Retry.MaxRetries = 0;
        var queuesDown = new SyncStorage(
            await AzuriteServer.TablesAsync(),
            new Azure.Storage.Queues.QueueServiceClient(azurite.ConnectionString.Replace($"127.0.0.1:{azurite.QueuePort}/", "127.0.0.1:1/", StringComparison.Ordinal), noRetries));
        var function = new CountingFunction();
        var healthy = new ScheduleDispatcher([function], new IntegrationRegistry([integration]), storage, clock, NullLogger<ScheduleDispatcher>.Instance);
        var broken = new ScheduleDispatcher([function], new IntegrationRegistry([integration]), queuesDown, clock, NullLogger<ScheduleDispatcher>.Instance);
        await healthy.RunDueAsync(); // first sight: next is 03:00 tomorrow

        clock.Set(new DateTimeOffset(2026, 11, 23, 3, 0, 1, TimeSpan.Zero));
        Assert.Equal(0, await broken.RunDueAsync()); // the queue can't be reached: logged, and nothing claimed
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await healthy.RunDueAsync()); // still due at the next tick
        Assert.Equal(1, await RunQueuedAsync(storage, healthy, integration.Name));

        Assert.Equal(1, function.Runs);
    }

    [Fact]
    public async Task A_huge_failure_text_is_capped_so_recording_the_outcome_never_fails()
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 11, 22, 10, 0, 0, TimeSpan.Zero));
        var integration = Integration(AzuriteServer.UniqueName("club"), "0 */10 * * * *");
        var storage = await AzuriteServer.StorageAsync();
        var dispatcher = new ScheduleDispatcher([new CountingFunction { Fail = true, FailureText = new string('x', 70_000) }], new IntegrationRegistry([integration]), storage, clock, NullLogger<ScheduleDispatcher>.Instance);

        await dispatcher.RunAsync(integration, dispatcher.Jobs[0]);

        var row = (await storage.Table(TableNames.SyncCheckpoints).GetEntityAsync<TableEntity>(integration.Name, "schedule:Counting")).Value;
        Assert.Equal("Failed", row.GetString("LastResult"));
        Assert.Equal(Fisikal.Sync.Core.Storage.TableText.MaxLength, row.GetString("LastError").Length); // Azure's property limit is 32,768 characters
    }

    /// <summary>Runs the queued occurrences of one integration, as the ScheduleOccurrences queue function does.</summary>
    private static async Task<int> RunQueuedAsync(SyncStorage storage, ScheduleDispatcher dispatcher, params string[] integrations)
    {
        var queue = storage.Queue(QueueNames.ScheduleOccurrences);
        var ran = 0;
        foreach (var message in (await queue.ReceiveMessagesAsync(32, TimeSpan.FromSeconds(1))).Value)
        {
            if (integrations.Any(integration => message.MessageText.Contains($"\"{integration}\"", StringComparison.Ordinal)))
            {
                await dispatcher.RunOccurrenceAsync(message.MessageText);
                await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
                ran++;
            }
        }

        return ran;
    }

    private static IntegrationOptions Integration(string name, string clientSyncSchedule) => new()
    {
        Name = name,
        Kind = IntegrationKind.PerfectGymNext,
        BaseUrl = new Uri("http://127.0.0.1:1/v1"),
        ApiKey = "unused",
        ClientSyncSchedule = clientSyncSchedule,
    };

    private sealed class CountingFunction : IScheduledJob
    {
        private int _runs;

        public bool Fail { get; init; }

        public string FailureText { get; init; } = "boom";

        /// <summary>An integration whose schedule can't be had (as a bad expression or a storage error would make it).</summary>
        public string? BrokenFor { get; init; }

        public int Runs => _runs;

        public string Name => "Counting";

        public string ScheduleFor(IntegrationOptions integration) =>
            integration.Name == BrokenFor ? throw new InvalidOperationException("no schedule") : integration.ClientSyncSchedule;

        public Task RunAsync(IntegrationOptions integration, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _runs);
            return Fail ? Task.FromException(new InvalidOperationException(FailureText)) : Task.CompletedTask;
        }
    }
}
