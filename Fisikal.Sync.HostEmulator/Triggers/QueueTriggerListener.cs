using System.Globalization;
using System.Text;
using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Fisikal.Sync.HostEmulator.Metadata;
using Fisikal.Sync.HostEmulator.Worker;
using Fisikal.Sync.HostEmulator.Worker.Protocol;

namespace Fisikal.Sync.HostEmulator.Triggers;

/// <summary>
/// One queue trigger, as the host's Storage Queues extension runs it (host.json <c>extensions:queues</c>): up to
/// <c>batchSize</c> messages at a time (16), fetched again when fewer than <c>newBatchThreshold</c> run (half the batch), polling
/// at most every <c>maxPollingInterval</c> when idle (2 s here); messages base64 (<c>messageEncoding</c>); a running
/// message's visibility renewed while it runs; a failed one visible again after <c>visibilityTimeout</c> (0), and after
/// <c>maxDequeueCount</c> tries (5) moved to <c>{queue}-poison</c>. A message whose emulator died reappears when its
/// lease ends: 10 minutes, as the host's; <c>HostEmulator__QueueMessageLease</c> shortens it (tests of crash recovery).
/// </summary>
public sealed partial class QueueTriggerListener(FunctionDefinition function, string queueName, QueueServiceClient service, WorkerChannel channel, WorkerApp app, TimeSpan lease, ILogger logger)
{
    /// <summary>How long a message being processed stays invisible, renewed at half-time: the host's 10 minutes.</summary>
    public static readonly TimeSpan DefaultLease = TimeSpan.FromMinutes(10);

    private readonly TimeSpan _lease = lease;
    private readonly QueueClient _queue = service.GetQueueClient(queueName);
    private readonly QueueClient _poison = service.GetQueueClient(queueName + "-poison");
    private readonly int _batchSize = Math.Clamp(app.Setting("extensions:queues:batchSize", 16), 1, 32);
    private readonly int _maxDequeueCount = app.Setting("extensions:queues:maxDequeueCount", 5);
    private readonly TimeSpan _retryDelay = TimeSpan.Parse(app.Setting("extensions:queues:visibilityTimeout", "00:00:00"), CultureInfo.InvariantCulture);
    private readonly TimeSpan _maxPolling = TimeSpan.Parse(app.Setting("extensions:queues:maxPollingInterval", "00:00:02"), CultureInfo.InvariantCulture);
    private readonly bool _base64 = !string.Equals(app.Setting("extensions:queues:messageEncoding", "base64"), "none", StringComparison.OrdinalIgnoreCase);

    public async Task RunAsync(CancellationToken stop)
    {
        var threshold = app.Setting("extensions:queues:newBatchThreshold", _batchSize / 2);
        await _queue.CreateIfNotExistsAsync(cancellationToken: stop).ConfigureAwait(false);
        await _poison.CreateIfNotExistsAsync(cancellationToken: stop).ConfigureAwait(false);
        var running = new List<Task>();
        var idle = TimeSpan.FromMilliseconds(100);
        while (!stop.IsCancellationRequested)
        {
            running.RemoveAll(t => t.IsCompleted);
            if (running.Count > threshold)
            {
                await Task.WhenAny(running).ConfigureAwait(false);
                continue;
            }

            QueueMessage[] messages;
            try
            {
                messages = (await _queue.ReceiveMessagesAsync(_batchSize - running.Count, _lease, stop).ConfigureAwait(false)).Value;
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                break;
            }
            catch (RequestFailedException ex)
            {
                if (!stop.IsCancellationRequested)
                {
                    LogPollFailed(_queue.Name, ex.Message);
                }

                messages = [];
            }

            if (messages.Length == 0)
            {
                await Task.Delay(idle, stop).ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
                idle = TimeSpan.FromTicks(Math.Min(idle.Ticks * 2, _maxPolling.Ticks));
                continue;
            }

            idle = TimeSpan.FromMilliseconds(100);
            running.AddRange(messages.Select(m => ProcessAsync(m, stop)));
        }

        await Task.WhenAll(running).ConfigureAwait(false);
    }

    private async Task ProcessAsync(QueueMessage message, CancellationToken stop)
    {
        using var renewal = CancellationTokenSource.CreateLinkedTokenSource(stop);
        var receipt = new StrongBox(message.PopReceipt);
        var renewing = RenewAsync(message.MessageId, receipt, renewal.Token);
        InvocationResponse? response = null;
        Exception? failure = null;
        try
        {
            response = await channel.InvokeAsync(function.Name, Guid.NewGuid().ToString(), [Input(message)], Metadata(message), CancellationToken.None).ConfigureAwait(false);
        }
        catch (FormatException ex)
        {
            // Not base64 (host.json's messageEncoding): a failed delivery like any other, so it ends in the poison queue.
            failure = new FormatException($"The message is not valid base64, as host.json's messageEncoding says messages are: {ex.Message}", ex);
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException)
        {
            failure = ex;
        }
        finally
        {
            await renewal.CancelAsync().ConfigureAwait(false);
            await renewing.ConfigureAwait(false);
        }

        try
        {
            if (failure is null && response?.Result?.Status == StatusResult.Types.Status.Success)
            {
                await _queue.DeleteMessageAsync(message.MessageId, receipt.Value, CancellationToken.None).ConfigureAwait(false);
                return;
            }

            var reason = failure?.Message ?? response?.Result?.Exception?.Message ?? response?.Result?.Result ?? "no result";
            if (message.DequeueCount >= _maxDequeueCount)
            {
                LogPoisoned(function.Name, message.MessageId, message.DequeueCount, _poison.Name, reason);
                await _poison.SendMessageAsync(message.Body, timeToLive: TimeSpan.FromSeconds(-1), cancellationToken: CancellationToken.None).ConfigureAwait(false);
                await _queue.DeleteMessageAsync(message.MessageId, receipt.Value, CancellationToken.None).ConfigureAwait(false);
            }
            else
            {
                LogFailed(function.Name, message.MessageId, message.DequeueCount, reason);
                await _queue.UpdateMessageAsync(message.MessageId, receipt.Value, visibilityTimeout: _retryDelay, cancellationToken: CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (RequestFailedException ex)
        {
            // The message reappears when its lease ends and is tried again: nothing is lost.
            LogSettleFailed(ex, message.MessageId);
        }
    }

    private async Task RenewAsync(string messageId, StrongBox receipt, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                await Task.Delay(_lease / 2, cancellationToken).ConfigureAwait(false);
                receipt.Value = (await _queue.UpdateMessageAsync(messageId, receipt.Value, visibilityTimeout: _lease, cancellationToken: CancellationToken.None).ConfigureAwait(false)).Value.PopReceipt;
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (RequestFailedException ex)
        {
            LogSettleFailed(ex, messageId);
        }
    }

    private ParameterBinding Input(QueueMessage message)
    {
        var text = message.Body.ToString();
        if (_base64)
        {
            text = Encoding.UTF8.GetString(Convert.FromBase64String(text));
        }

        return new ParameterBinding { Name = (string)function.Trigger["name"]!, Data = new TypedData { String = text } };
    }

    private static Dictionary<string, TypedData> Metadata(QueueMessage message) => new(StringComparer.Ordinal)
    {
        ["Id"] = new TypedData { String = message.MessageId },
        ["PopReceipt"] = new TypedData { String = message.PopReceipt },
        ["DequeueCount"] = new TypedData { Json = message.DequeueCount.ToString(CultureInfo.InvariantCulture) },
        ["InsertionTime"] = Time(message.InsertedOn),
        ["ExpirationTime"] = Time(message.ExpiresOn),
        ["NextVisibleTime"] = Time(message.NextVisibleOn),
    };

    private static TypedData Time(DateTimeOffset? time) =>
        new() { Json = time is { } t ? "\"" + t.ToString("O", CultureInfo.InvariantCulture) + "\"" : "null" };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Polling queue {Queue} failed: {Reason}")]
    private partial void LogPollFailed(string queue, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Function {Function} failed on message {MessageId} (try {DequeueCount}): {Reason}")]
    private partial void LogFailed(string function, string messageId, long dequeueCount, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Function {Function}: message {MessageId} failed {DequeueCount} times and was moved to {PoisonQueue}: {Reason}")]
    private partial void LogPoisoned(string function, string messageId, long dequeueCount, string poisonQueue, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not settle message {MessageId}; it is tried again when its lease ends")]
    private partial void LogSettleFailed(Exception ex, string messageId);

    private sealed class StrongBox(string value)
    {
        public string Value { get; set; } = value;
    }
}
