using System.Text.Json;
using Fisikal.Sync.Core.Diagnostics;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Fisikal.Sync.Core.Sync;
using Fisikal.Sync.Core.Sync.Notifications;
using Microsoft.Extensions.Options;

namespace Fisikal.Sync.Functions.Hosting.Standalone;

/// <summary>
/// Runs queue functions without the Functions host, with its semantics: a message is hidden while its
/// function runs (the lease renewed), deleted on success, retried after a delay on failure, and after
/// <see cref="StandaloneOptions.MaxDequeueCount"/> attempts moved as it was to <c>{queue}-poison</c>, the
/// failure recorded in <c>Notifications</c>. Stopping takes no new messages and lets those in flight finish.
/// </summary>
public sealed partial class QueuePump : BackgroundService
{
    private readonly IReadOnlyList<IQueueFunction> _functions;
    private readonly SyncStorage _storage;
    private readonly NotificationStore _notifications;
    private readonly StandaloneOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<QueuePump> _logger;

    public QueuePump(
        IEnumerable<IQueueFunction> functions,
        SyncStorage storage,
        NotificationStore notifications,
        IOptions<StandaloneOptions> options,
        TimeProvider time,
        ILogger<QueuePump> logger)
    {
        _functions = [.. functions];
        _storage = storage;
        _notifications = notifications;
        _options = options.Value;
        _time = time;
        _logger = logger;
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(_functions.Select(f => Task.Run(() => PumpAsync(f, stoppingToken), CancellationToken.None)));

    private async Task PumpAsync(IQueueFunction function, CancellationToken stoppingToken)
    {
        var queue = _storage.Queue(function.QueueName);
        using var slots = new SemaphoreSlim(_options.BatchSize, _options.BatchSize);
        var inFlight = new HashSet<Task>();
        var idle = _options.MinPollingInterval;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await slots.WaitAsync(stoppingToken).ConfigureAwait(false);
                var free = slots.CurrentCount + 1;
                IReadOnlyList<QueueMessage> messages;
                try
                {
                    messages = (await queue.ReceiveMessagesAsync(Math.Min(free, 32), _options.VisibilityTimeout, stoppingToken).ConfigureAwait(false)).Value;
                }
                finally
                {
                    slots.Release();
                }

                if (messages.Count == 0)
                {
                    await Task.Delay(idle, _time, stoppingToken).ConfigureAwait(false);
                    idle = TimeSpan.FromTicks(Math.Min(idle.Ticks * 2, _options.MaxPollingInterval.Ticks));
                    continue;
                }

                idle = _options.MinPollingInterval;
                foreach (var message in messages)
                {
                    // Work in flight is not cancelled by stopping: it finishes, then the pump ends.
                    await slots.WaitAsync(CancellationToken.None).ConfigureAwait(false);
                    var task = ProcessAsync(function, queue, message, slots);
                    lock (inFlight)
                    {
                        inFlight.Add(task);
                    }

                    _ = task.ContinueWith(
                        t =>
                        {
                            lock (inFlight)
                            {
                                inFlight.Remove(t);
                            }
                        },
                        CancellationToken.None,
                        TaskContinuationOptions.ExecuteSynchronously,
                        TaskScheduler.Default);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                LogReceiveFailed(ex, function.QueueName);
                await Task.Delay(_options.MaxPollingInterval, _time, CancellationToken.None).ConfigureAwait(false);
            }
        }

        Task[] remaining;
        lock (inFlight)
        {
            remaining = [.. inFlight];
        }

        await Task.WhenAll(remaining).ConfigureAwait(false);
    }

    private async Task ProcessAsync(IQueueFunction function, QueueClient queue, QueueMessage message, SemaphoreSlim slots)
    {
        await Task.Yield();
        using var scope = _logger.BeginScope(LogScope.Of(("Function", function.Name), ("MessageId", message.MessageId), ("DequeueCount", message.DequeueCount)));
        using var renewal = new CancellationTokenSource();
        var receipt = new LeaseReceipt(message.PopReceipt);
        var renewing = RenewAsync(queue, message.MessageId, receipt, renewal.Token);
        try
        {
            await QueueFunctionRunner.RunAsync(function, message.MessageText, message.DequeueCount, message.InsertedOn, CancellationToken.None).ConfigureAwait(false);
            await StopRenewingAsync(renewal, renewing).ConfigureAwait(false);
            await queue.DeleteMessageAsync(message.MessageId, receipt.PopReceipt, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            await StopRenewingAsync(renewal, renewing).ConfigureAwait(false);
            await FailAsync(function, queue, message, receipt.PopReceipt, ex).ConfigureAwait(false);
        }
        finally
        {
            slots.Release();
        }
    }

    private async Task FailAsync(IQueueFunction function, QueueClient queue, QueueMessage message, string popReceipt, Exception error)
    {
        try
        {
            if (message.DequeueCount >= _options.MaxDequeueCount)
            {
                LogPoisoned(error, function.Name, message.MessageId, message.DequeueCount);
                await _storage.Queue(QueueNames.Poison(queue.Name)).SendMessageAsync(message.MessageText, timeToLive: TimeSpan.FromSeconds(-1)).ConfigureAwait(false);
                await _notifications.RaiseAsync(
                    IntegrationOf(message.MessageText),
                    $"poison:{queue.Name}:{message.MessageId}",
                    "PoisonMessage",
                    $"A message on {queue.Name} failed {message.DequeueCount} times and was moved to {QueueNames.Poison(queue.Name)}: {error.GetType().Name}: {error.Message}",
                    new Dictionary<string, object> { ["Queue"] = queue.Name, ["MessageId"] = message.MessageId, ["DequeueCount"] = message.DequeueCount },
                    CancellationToken.None).ConfigureAwait(false);
                await queue.DeleteMessageAsync(message.MessageId, popReceipt, CancellationToken.None).ConfigureAwait(false);
            }
            else
            {
                LogRetrying(error, function.Name, message.MessageId, message.DequeueCount);
                await queue.UpdateMessageAsync(message.MessageId, popReceipt, visibilityTimeout: _options.RetryDelay, cancellationToken: CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (Exception ex)
        {
            // The message reappears when its lease runs out and is tried again: nothing is lost.
            LogFailureHandlingFailed(ex, message.MessageId);
        }
    }

    private async Task RenewAsync(QueueClient queue, string messageId, LeaseReceipt receipt, CancellationToken cancellationToken)
    {
        var every = _options.VisibilityTimeout / 2;
        try
        {
            while (true)
            {
                await Task.Delay(every, _time, cancellationToken).ConfigureAwait(false);
                // Not cancelled half-way: a renewal the service applied must be seen, or the receipt goes stale.
                var renewed = await queue.UpdateMessageAsync(messageId, receipt.PopReceipt, visibilityTimeout: _options.VisibilityTimeout, cancellationToken: CancellationToken.None).ConfigureAwait(false);
                receipt.PopReceipt = renewed.Value.PopReceipt;
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception ex)
        {
            LogRenewFailed(ex, messageId);
        }
    }

    private static async Task StopRenewingAsync(CancellationTokenSource renewal, Task renewing)
    {
        await renewal.CancelAsync().ConfigureAwait(false);
        await renewing.ConfigureAwait(false);
    }

    private static string IntegrationOf(string messageText)
    {
        try
        {
            using var json = JsonDocument.Parse(messageText);
            return json.RootElement.TryGetProperty("Integration", out var i) && i.GetString() is { Length: > 0 } name
                ? NotificationStore.SafeKey(name)
                : "unknown";
        }
        catch (JsonException)
        {
            return "unknown";
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Receiving from {Queue} failed; trying again")]
    private partial void LogReceiveFailed(Exception ex, string queue);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Function} failed on message {MessageId} (attempt {DequeueCount}); it will be retried")]
    private partial void LogRetrying(Exception ex, string function, string messageId, long dequeueCount);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Function} failed on message {MessageId} {DequeueCount} times; moved to the poison queue")]
    private partial void LogPoisoned(Exception ex, string function, string messageId, long dequeueCount);

    [LoggerMessage(Level = LogLevel.Error, Message = "Handling the failure of message {MessageId} failed; it will reappear when its lease ends")]
    private partial void LogFailureHandlingFailed(Exception ex, string messageId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Renewing the lease of message {MessageId} failed")]
    private partial void LogRenewFailed(Exception ex, string messageId);

    /// <summary>The message's current pop receipt: each renewal replaces it.</summary>
    private sealed class LeaseReceipt(string popReceipt)
    {
        public string PopReceipt { get; set; } = popReceipt;
    }
}
