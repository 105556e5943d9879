using System.Diagnostics;
using System.Text.Json;
using Fisikal.Sync.Core.Diagnostics;

namespace Fisikal.Sync.Functions.Hosting;

/// <summary>
/// Runs a queue function the same way under the Functions host and in the standalone pump: the time the message waited
/// (<c>fisikal.queue.lag</c>), and a consumer span continuing the trace the message carries (its <c>traceparent</c>).
/// </summary>
public static class QueueFunctionRunner
{
    public static async Task RunAsync(IQueueFunction function, string messageText, long dequeueCount, DateTimeOffset? insertedOn, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(messageText);
        if (insertedOn is { } inserted)
        {
            SyncTelemetry.QueueLag.Record(Math.Max(0, (DateTimeOffset.UtcNow - inserted).TotalMilliseconds), SyncTelemetry.Tag("queue", function.QueueName));
        }

        using var activity = SyncTelemetry.Source.StartActivity($"{function.Name} process", ActivityKind.Consumer, ParentOf(messageText));
        activity?.SetTag("messaging.destination.name", function.QueueName);
        activity?.SetTag("messaging.message.delivery_count", dequeueCount);
        try
        {
            await function.RunAsync(messageText, dequeueCount, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            activity?.SetStatus(ActivityStatusCode.Error, ex.GetType().Name);
            throw;
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
}
