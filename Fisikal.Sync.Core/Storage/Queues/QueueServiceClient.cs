using Azure.Core.Pipeline;

namespace Fisikal.Sync.Core.Storage.Queues;

/// <summary>The queue endpoint of one account; hands out <see cref="QueueClient"/>s that share its pipeline.</summary>
public class QueueServiceClient
{
    private readonly HttpPipeline _pipeline;
    private readonly QueueClientOptions _options;

    public QueueServiceClient(StorageConnection connection, QueueClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        _options = options ?? new QueueClientOptions();
        Uri = connection.QueueServiceUri;
        var signing = connection.SharedKey is null ? null : new QueueSharedKeyPolicy(connection.SharedKey, _options.TimeProvider);
        _pipeline = StoragePipeline.Build(_options, connection, signing);
    }

    /// <summary>For mocking.</summary>
    protected QueueServiceClient()
    {
        _pipeline = null!;
        _options = null!;
        Uri = null!;
    }

    public Uri Uri { get; }

    public virtual QueueClient GetQueueClient(string queueName) => new(_pipeline, Uri, queueName, _options);
}
