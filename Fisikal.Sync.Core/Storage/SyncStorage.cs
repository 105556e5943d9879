using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Azure.Data.Tables;
using Fisikal.Sync.Core.Storage;

namespace Fisikal.Sync.Core.Storage;

/// <summary>The tables and queues of the app on one storage account.</summary>
public sealed class SyncStorage
{
    private readonly TableServiceClient _tables;
    private readonly QueueServiceClient _queues;

    public SyncStorage(TableServiceClient tables, QueueServiceClient queues)
    {
        _tables = tables;
        _queues = queues;
    }

    /// <summary>The largest queue message Azure accepts, as it travels (base64).</summary>
    public const int MaxMessageBytes = 64 * 1024;

    public TableClient Table(string name) => _tables.GetTableClient(name);

    public QueueClient Queue(string name) => _queues.GetQueueClient(name);

    /// <summary>
    /// Sends a message as JSON, carrying the current trace (W3C <c>traceparent</c>, and <c>tracestate</c>) as fields the
    /// message's own type ignores, so one member's journey from a webhook to its rows is one trace.
    /// </summary>
    public Task<Azure.Response<SendReceipt>> EnqueueAsync<T>(string queue, T message, CancellationToken cancellationToken = default)
    {
        var json = System.Text.Json.JsonSerializer.SerializeToNode(message)?.AsObject() ?? throw new ArgumentException("The message is not a JSON object.", nameof(message));
        if (System.Diagnostics.Activity.Current is { IdFormat: System.Diagnostics.ActivityIdFormat.W3C } activity)
        {
            json["traceparent"] = activity.Id;
            if (!string.IsNullOrEmpty(activity.TraceStateString))
            {
                json["tracestate"] = activity.TraceStateString;
            }
        }

        var text = json.ToJsonString();
        // Azure refuses a message over 64 KiB as sent (base64); Azurite takes it, so the limit is checked here.
        if ((System.Text.Encoding.UTF8.GetByteCount(text) + 2) / 3 * 4 > MaxMessageBytes)
        {
            throw new ArgumentException($"A message for '{queue}' is larger than the {MaxMessageBytes / 1024} KiB a queue message may be.", nameof(message));
        }

        return Queue(queue).SendMessageAsync(text, cancellationToken);
    }

    /// <summary>Messages waiting or being processed on every sync queue (not the poison queues): 0 means all work is done.</summary>
    public async Task<int> PendingMessagesAsync(CancellationToken cancellationToken = default)
    {
        var pending = 0;
        foreach (var queue in QueueNames.All)
        {
            pending += (await Queue(queue).GetPropertiesAsync(cancellationToken).ConfigureAwait(false)).Value.ApproximateMessagesCount;
        }

        return pending;
    }

    /// <summary>Creates every table and queue (with its poison queue) that does not exist yet.</summary>
    public async Task EnsureCreatedAsync(CancellationToken cancellationToken = default)
    {
        var tables = TableNames.All.Select(t => (Task)Table(t).CreateIfNotExistsAsync(cancellationToken));
        var queues = QueueNames.All.SelectMany(q => new[] { q, QueueNames.Poison(q) }).Select(q => (Task)Queue(q).CreateIfNotExistsAsync(cancellationToken: cancellationToken));
        await Task.WhenAll(tables.Concat(queues)).ConfigureAwait(false);
    }
}
