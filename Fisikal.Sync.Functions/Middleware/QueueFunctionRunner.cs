using System.Diagnostics;
using System.Text.Json;
using Fisikal.Sync.Core.Diagnostics;
using Fisikal.Sync.Core.Storage;
using Fisikal.Sync.Core.Sync.Notifications;

namespace Fisikal.Sync.Functions.Middleware;

/// <summary>
/// What every queue function does around its work: the time the message waited (<c>fisikal.queue.lag</c>), a consumer
/// span continuing the trace the message carries (its <c>traceparent</c>), and, when the last try fails (host.json's
/// <c>maxDequeueCount</c>: the host moves the message to <c>{queue}-poison</c> next), a <c>PoisonMessage</c> notification
/// naming the failure, since the host tells the app nothing when it does.
/// </summary>
public sealed partial class QueueFunctionRunner(NotificationStore notifications, ILogger<QueueFunctionRunner> logger)
{
    public async Task RunAsync(string function, string queue, string messageText, long dequeueCount, DateTimeOffset? insertedOn, Func<Task> work)
    {
        ArgumentNullException.ThrowIfNull(messageText);
        ArgumentNullException.ThrowIfNull(work);
        if (insertedOn is { } inserted)
        {
            SyncTelemetry.QueueLag.Record(Math.Max(0, (DateTimeOffset.UtcNow - inserted).TotalMilliseconds), SyncTelemetry.Tag("queue", queue));
        }

        using var activity = SyncTelemetry.Source.StartActivity($"{function} process", ActivityKind.Consumer, ParentOf(messageText));
        activity?.SetTag("messaging.destination.name", queue);
        activity?.SetTag("messaging.message.delivery_count", dequeueCount);
        try
        {
            await work().ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            activity?.SetStatus(ActivityStatusCode.Error, ex.GetType().Name);
            if (dequeueCount >= DeliveryLimits.MaxDequeueCount)
            {
                await RaisePoisonedAsync(queue, messageText, dequeueCount, ex).ConfigureAwait(false);
            }

            throw;
        }
    }

    private async Task RaisePoisonedAsync(string queue, string messageText, long dequeueCount, Exception error)
    {
        LogPoisoned(error, queue, dequeueCount);
        try
        {
            await notifications.RaiseAsync(
                IntegrationOf(messageText),
                $"poison:{queue}:{Math.Abs(StringComparer.Ordinal.GetHashCode(messageText))}",
                "PoisonMessage",
                $"A message on {queue} failed {dequeueCount} times and was moved to {queue}-poison: {error.GetType().Name}: {error.Message}",
                new Dictionary<string, object> { ["Queue"] = queue, ["DequeueCount"] = dequeueCount },
                CancellationToken.None).ConfigureAwait(false);
        }
        catch (Azure.RequestFailedException ex)
        {
            LogNotificationFailed(ex, queue);
        }
    }

    /// <summary>The trace the message was sent in, or none (an older message, or one sent outside a trace).</summary>
    private static ActivityContext ParentOf(string messageText)
    {
        try
        {
            using var json = JsonDocument.Parse(messageText);
            return json.RootElement.ValueKind == JsonValueKind.Object
                   && json.RootElement.TryGetProperty("traceparent", out var parent)
                   && ActivityContext.TryParse(parent.GetString(), json.RootElement.TryGetProperty("tracestate", out var state) ? state.GetString() : null, out var context)
                ? context
                : default;
        }
        catch (JsonException)
        {
            return default;
        }
    }

    private static string IntegrationOf(string messageText)
    {
        try
        {
            using var json = JsonDocument.Parse(messageText);
            return json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("Integration", out var i) && i.GetString() is { Length: > 0 } name
                ? NotificationStore.SafeKey(name)
                : "unknown";
        }
        catch (JsonException)
        {
            return "unknown";
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A message on {Queue} failed its last try ({DequeueCount}); the host moves it to the poison queue")]
    private partial void LogPoisoned(Exception ex, string queue, long dequeueCount);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not record the poison notification for {Queue}")]
    private partial void LogNotificationFailed(Exception ex, string queue);
}
