using Fisikal.Sync.Core.Sync;
using Fisikal.Sync.Core.Sync.Notifications;
using Fisikal.Sync.Functions.Hosting;
using Fisikal.Sync.Functions.Hosting.Standalone;
using Fisikal.Sync.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Fisikal.Sync.Tests.Hosting;

/// <summary>The pump's semantics on a real queue, with functions that succeed, fail, or take their time.</summary>
public sealed class QueuePumpTests
{
    [Fact]
    public async Task Stopping_lets_work_in_flight_finish_and_deletes_it()
    {
        var (storage, queueName) = await NewQueueAsync();
        var function = new SlowFunction(queueName);
        await storage.Queue(queueName).SendMessageAsync("{\"Integration\":\"club\"}");
        var pump = NewPump(storage, function);

        await pump.StartAsync(CancellationToken.None);
        await function.Started.Task.WaitAsync(TimeSpan.FromSeconds(20));
        var stopping = pump.StopAsync(CancellationToken.None);
        Assert.False(stopping.IsCompleted, "stop should wait for the message in flight");
        function.Release.SetResult();
        await stopping.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(1, function.Completed);
        Assert.Equal(0, (await storage.Queue(queueName).GetPropertiesAsync()).Value.ApproximateMessagesCount);
    }

    [Fact]
    public async Task A_failure_is_retried_and_a_later_success_deletes_the_message()
    {
        var (storage, queueName) = await NewQueueAsync();
        var function = new FlakyFunction(queueName, failures: 2);
        await storage.Queue(queueName).SendMessageAsync("{}");
        var pump = NewPump(storage, function);

        await pump.StartAsync(CancellationToken.None);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (function.Attempts.Count < 3 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        await pump.StopAsync(CancellationToken.None);
        Assert.Equal([1L, 2L, 3L], function.Attempts);
        Assert.Equal(0, (await storage.Queue(queueName).GetPropertiesAsync()).Value.ApproximateMessagesCount);
        Assert.Equal(0, (await storage.Queue(QueueNames.Poison(queueName)).GetPropertiesAsync()).Value.ApproximateMessagesCount);
    }

    private static async Task<(SyncStorage Storage, string Queue)> NewQueueAsync()
    {
        var storage = new SyncStorage(await AzuriteServer.TablesAsync(), await AzuriteServer.QueuesAsync());
        var queue = AzuriteServer.UniqueName("pump");
        await storage.Queue(queue).CreateIfNotExistsAsync();
        await storage.Queue(QueueNames.Poison(queue)).CreateIfNotExistsAsync();
        await storage.Table(TableNames.Notifications).CreateIfNotExistsAsync();
        return (storage, queue);
    }

    private static QueuePump NewPump(SyncStorage storage, IQueueFunction function) => new(
        [function],
        storage,
        new NotificationStore(storage, TimeProvider.System),
        Options.Create(new StandaloneOptions { RetryDelay = TimeSpan.Zero, MaxPollingInterval = TimeSpan.FromMilliseconds(100) }),
        TimeProvider.System,
        NullLogger<QueuePump>.Instance);

    private sealed class SlowFunction(string queue) : IQueueFunction
    {
        private int _completed;

        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Completed => _completed;

        public string Name => "Slow";

        public string QueueName => queue;

        public async Task RunAsync(string messageText, long dequeueCount, CancellationToken cancellationToken)
        {
            Started.TrySetResult();
            await Release.Task;
            Interlocked.Increment(ref _completed);
        }
    }

    private sealed class FlakyFunction(string queue, int failures) : IQueueFunction
    {
        public List<long> Attempts { get; } = [];

        public string Name => "Flaky";

        public string QueueName => queue;

        public Task RunAsync(string messageText, long dequeueCount, CancellationToken cancellationToken)
        {
            lock (Attempts)
            {
                Attempts.Add(dequeueCount);
            }

            return dequeueCount <= failures ? Task.FromException(new InvalidOperationException("not yet")) : Task.CompletedTask;
        }
    }
}
