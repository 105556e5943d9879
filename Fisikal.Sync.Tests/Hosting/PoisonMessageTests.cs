using Fisikal.Sync.Core.Sync;
using Fisikal.Sync.Tests.Infrastructure;

namespace Fisikal.Sync.Tests.Hosting;

/// <summary>The standalone pump's failure path, end to end, with a key the club refuses.</summary>
public sealed class PoisonMessageTests : IAsyncLifetime
{
    private SyncApp _app = null!;

    public async Task InitializeAsync() => _app = await SyncApp.StartAsync(customers: 20, apiKeyOverride: "revoked-key-5e1d9c");

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task A_message_that_keeps_failing_is_poisoned_with_its_failure_and_the_run_says_why()
    {
        var progress = await _app.RunInitialSyncAsync(timeout: TimeSpan.FromSeconds(60));

        Assert.Equal("Failed", progress.GetProperty("status").GetString());
        Assert.Contains("Integrations__club__ApiKey", progress.GetProperty("error").GetString(), StringComparison.Ordinal);

        // Five attempts, then the original message in the poison queue, nothing left behind.
        Assert.Equal(5, _app.Simulator.RequestCounts["GET /v1/customers"]);
        var poison = Assert.Single((await _app.Queues.GetQueueClient(QueueNames.Poison(QueueNames.MemberPages)).PeekMessagesAsync(5)).Value);
        Assert.Contains(progress.GetProperty("runId").GetString()!, poison.MessageText, StringComparison.Ordinal);
        await WaitForAsync(async () => (await _app.Queues.GetQueueClient(QueueNames.MemberPages).GetApproximateMessageCountAsync()).Value == 0);

        var notification = (await _app.RowsAsync(TableNames.Notifications, SyncApp.Integration)).Single(n => n.GetString("Kind") == "PoisonMessage");
        Assert.Equal(QueueNames.MemberPages, notification.GetString("Queue"));
        Assert.Contains("401", notification.GetString("Message"), StringComparison.Ordinal);

        Assert.DoesNotContain("revoked-key-5e1d9c", _app.AllLogs(), StringComparison.Ordinal);
        Assert.Empty(await _app.RowsAsync(TableNames.Clients, SyncApp.Integration));
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
