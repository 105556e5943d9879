using Azure.Core.Pipeline;

namespace Fisikal.Sync.Core.Storage.Tables;

/// <summary>The table endpoint of one account; hands out <see cref="TableClient"/>s that share its pipeline.</summary>
public class TableServiceClient
{
    private readonly HttpPipeline _pipeline;
    private readonly TableClientOptions _options;

    public TableServiceClient(StorageConnection connection, TableClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        _options = options ?? new TableClientOptions();
        Uri = connection.TableServiceUri;
        var signing = connection.SharedKey is null ? null : new TableSharedKeyLitePolicy(connection.SharedKey, _options.TimeProvider);
        _pipeline = StoragePipeline.Build(_options, connection, signing);
    }

    /// <summary>For mocking.</summary>
    protected TableServiceClient()
    {
        _pipeline = null!;
        _options = null!;
        Uri = null!;
    }

    public Uri Uri { get; }

    public virtual TableClient GetTableClient(string tableName) => new(_pipeline, Uri, tableName, _options);
}
