using Fisikal.Sync.Core.Storage;
using Fisikal.Sync.Core.Sync;
using Fisikal.Sync.Tests.Infrastructure;

namespace Fisikal.Sync.Tests.Hosting;

/// <summary>What the app does, end to end, when the source fails for a while, keeps failing, or refuses its key.</summary>
public sealed class PoisonMessageTests
{
    [Fact]
    public async Task A_refused_key_fails_the_run_at_once_with_a_notification_and_is_never_retried()
    {
        await using var app = await SyncApp.StartAsync(customers: 20, apiKeyOverride: "revoked-key-5e1d9c");

        var progress = await app.RunInitialSyncAsync();

        Assert.Equal("Failed", progress.GetProperty("status").GetString());
        Assert.Contains("Integrations__club__ApiKey", progress.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, app.Simulator.RequestCounts["GET /v1/customers"]);
        var notification = (await app.RowsAsync(TableNames.Notifications, SyncApp.Integration)).Single(n => n.GetString("Kind") == "ConfigurationError");
        Assert.Contains("'club'", notification.GetString("Message"), StringComparison.Ordinal);
        Assert.Equal(401, notification.GetInt32("Status"));
        await WaitForAsync(async () => (await app.Queues.GetQueueClient(QueueNames.MemberPages).GetPropertiesAsync()).Value.ApproximateMessagesCount == 0);
        Assert.Equal(0, (await app.Queues.GetQueueClient(QueueNames.Poison(QueueNames.MemberPages)).GetPropertiesAsync()).Value.ApproximateMessagesCount);
        Assert.DoesNotContain("revoked-key-5e1d9c", app.AllLogs(), StringComparison.Ordinal);
        Assert.Empty(await app.RowsAsync(TableNames.Clients, SyncApp.Integration));
    }

    [Fact]
    public async Task A_message_that_keeps_failing_is_poisoned_with_its_failure_and_the_run_says_why()
    {
        // Every request fails with 500; one retry per attempt keeps the test short.
        await using var app = await SyncApp.StartAsync(customers: 20, settings: new Dictionary<string, string?>
        {
            [$"Integrations:{SyncApp.Integration}:Resilience:MaxRetries"] = "1",
            [$"Integrations:{SyncApp.Integration}:Resilience:BaseBackoff"] = "00:00:00.010",
            [$"Integrations:{SyncApp.Integration}:Resilience:BreakerMinimumThroughput"] = "100",
        });
        app.Simulator.Faults.ServerErrorRate = 1;

        var progress = await app.RunInitialSyncAsync(timeout: TimeSpan.FromSeconds(60));

        Assert.Equal("Failed", progress.GetProperty("status").GetString());
        Assert.Contains("500", progress.GetProperty("error").GetString(), StringComparison.Ordinal);

        // Five queue attempts of two requests each, then the original message in the poison queue (the host moves it
        // once the last try's invocation has ended, a moment after the run was marked failed).
        Assert.Equal(10, app.Simulator.RequestCounts["GET /v1/customers"]);
        var poisonQueue = app.Queues.GetQueueClient(QueueNames.Poison(QueueNames.MemberPages));
        await WaitForAsync(async () => (await poisonQueue.GetPropertiesAsync()).Value.ApproximateMessagesCount > 0);
        var poison = Assert.Single((await poisonQueue.PeekMessagesAsync(5)).Value);
        Assert.Contains(progress.GetProperty("runId").GetString()!, poison.MessageText, StringComparison.Ordinal);
        await WaitForAsync(async () => (await app.Queues.GetQueueClient(QueueNames.MemberPages).GetPropertiesAsync()).Value.ApproximateMessagesCount == 0);
        var notification = (await app.RowsAsync(TableNames.Notifications, SyncApp.Integration)).Single(n => n.GetString("Kind") == "PoisonMessage");
        Assert.Equal(QueueNames.MemberPages, notification.GetString("Queue"));
        Assert.Contains("500", notification.GetString("Message"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_outage_that_opens_the_circuit_loses_nothing_the_run_completes_once_the_break_ends()
    {
        // The page's first delivery meets three 503s (its attempt and two retries), which open the circuit for 15 s. The
        // queue delivers again every 2 s, five times in all: a call refused by the open circuit would poison the page
        // within 10 s; waiting for the break to end, the second delivery reads the page. Nothing else calls the club.
        const string never = "0 0 0 1 1 *";
        await using var app = await SyncApp.StartAsync(customers: 20, settings: new Dictionary<string, string?>
        {
            [$"Integrations:{SyncApp.Integration}:Resilience:BreakerMinimumThroughput"] = "3",
            [$"Integrations:{SyncApp.Integration}:Resilience:BreakDuration"] = "00:00:15",
            [$"Integrations:{SyncApp.Integration}:ClientSyncSchedule"] = never,
            [$"Integrations:{SyncApp.Integration}:AccessSyncSchedule"] = never,
            [$"Integrations:{SyncApp.Integration}:PackageSweepSchedule"] = never,
        });
        app.Simulator.BurstUnavailable(3);

        var progress = await app.RunInitialSyncAsync(timeout: TimeSpan.FromSeconds(90));

        Assert.Equal("Completed", progress.GetProperty("status").GetString());
        Assert.Equal(20, progress.GetProperty("membersSeen").GetInt32());
        Assert.Equal(4, app.Simulator.RequestCounts["GET /v1/customers"]);
        Assert.Equal(0, (await app.Queues.GetQueueClient(QueueNames.Poison(QueueNames.MemberPages)).GetPropertiesAsync()).Value.ApproximateMessagesCount);
        Assert.DoesNotContain(await app.RowsAsync(TableNames.Notifications, SyncApp.Integration), n => n.GetString("Kind") == "PoisonMessage");
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met in time");
            await Task.Delay(100);
        }
    }
}
