using Fisikal.Sync.Core.Storage.Queues;
using Fisikal.Sync.Core.Storage.Tables;

namespace Fisikal.Sync.Core.Sync;

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

    public TableClient Table(string name) => _tables.GetTableClient(name);

    public QueueClient Queue(string name) => _queues.GetQueueClient(name);

    /// <summary>Messages waiting or being processed on every sync queue (not the poison queues): 0 means all work is done.</summary>
    /// <summary>
    /// Sends a message as JSON, carrying the current trace (W3C <c>traceparent</c>, and <c>tracestate</c>) as fields the
    /// message's own type ignores, so one member's journey from a webhook to its rows is one trace.
    /// </summary>
    public Task EnqueueAsync<T>(string queue, T message, CancellationToken cancellationToken = default)
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

        return Queue(queue).SendMessageAsync(json.ToJsonString(), cancellationToken: cancellationToken);
    }

    public async Task<int> PendingMessagesAsync(CancellationToken cancellationToken = default)
    {
        var pending = 0;
        foreach (var queue in QueueNames.All)
        {
            pending += (await Queue(queue).GetApproximateMessageCountAsync(cancellationToken).ConfigureAwait(false)).Value;
        }

        return pending;
    }

    /// <summary>Creates every table and queue (with its poison queue) that does not exist yet.</summary>
    public async Task EnsureCreatedAsync(CancellationToken cancellationToken = default)
    {
        var work = TableNames.All.Select(t => Table(t).CreateIfNotExistsAsync(cancellationToken))
            .Concat(QueueNames.All.SelectMany(q => new[] { q, QueueNames.Poison(q) }).Select(q => Queue(q).CreateIfNotExistsAsync(cancellationToken)));
        await Task.WhenAll(work).ConfigureAwait(false);
    }
}
