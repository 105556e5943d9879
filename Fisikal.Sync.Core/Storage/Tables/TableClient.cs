using System.Text.Json;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Fisikal.Sync.Core.Storage.Tables;

/// <summary>
/// One table over the Table service REST API (JSON, minimal metadata). Failures surface as
/// <see cref="RequestFailedException"/> carrying the HTTP status and the service's error code;
/// a failed If-Match is status 412, <c>UpdateConditionNotSatisfied</c>.
/// </summary>
public class TableClient
{
    private const string JsonAccept = "application/json;odata=minimalmetadata";
    private readonly HttpPipeline _pipeline;
    private readonly Uri _serviceUri;
    private readonly TableClientOptions _options;

    internal TableClient(HttpPipeline pipeline, Uri serviceUri, string tableName, TableClientOptions options)
    {
        TableKeys.ValidateTableName(tableName);
        _pipeline = pipeline;
        _serviceUri = serviceUri;
        _options = options;
        Name = tableName;
    }

    /// <summary>For mocking.</summary>
    protected TableClient()
    {
        _pipeline = null!;
        _serviceUri = null!;
        _options = null!;
        Name = null!;
    }

    public string Name { get; }

    /// <summary>Creates the table; an existing table is not an error.</summary>
    public virtual async Task<Response> CreateIfNotExistsAsync(CancellationToken cancellationToken = default)
    {
        using var message = CreateMessage(RequestMethod.Post, "Tables");
        SetJsonBody(message.Request, JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { ["TableName"] = Name }));
        var response = await SendAsync(message, cancellationToken).ConfigureAwait(false);
        return response.Status is 201 or 204 or 409 ? response : throw StorageErrors.Create(response, $"Create table {Name}");
    }

    public virtual async Task<Response> DeleteAsync(CancellationToken cancellationToken = default)
    {
        using var message = CreateMessage(RequestMethod.Delete, $"Tables('{Name}')");
        var response = await SendAsync(message, cancellationToken).ConfigureAwait(false);
        return response.Status is 204 or 404 ? response : throw StorageErrors.Create(response, $"Delete table {Name}");
    }

    public virtual async Task<Response<TableEntity>> GetEntityAsync(
        string partitionKey, string rowKey, IEnumerable<string>? select = null, CancellationToken cancellationToken = default)
    {
        var (entity, response) = await GetEntityCoreAsync(partitionKey, rowKey, select, throwIfMissing: true, cancellationToken).ConfigureAwait(false);
        return Response.FromValue(entity!, response);
    }

    /// <summary>The entity, or null when it does not exist.</summary>
    public virtual async Task<TableEntity?> GetEntityIfExistsAsync(
        string partitionKey, string rowKey, IEnumerable<string>? select = null, CancellationToken cancellationToken = default)
    {
        var (entity, _) = await GetEntityCoreAsync(partitionKey, rowKey, select, throwIfMissing: false, cancellationToken).ConfigureAwait(false);
        return entity;
    }

    /// <summary>Inserts; an existing entity fails with 409 <c>EntityAlreadyExists</c>.</summary>
    public virtual async Task<Response> AddEntityAsync(TableEntity entity, CancellationToken cancellationToken = default)
    {
        ValidateKeys(entity);
        using var message = CreateMessage(RequestMethod.Post, Name);
        message.Request.Headers.SetValue("Prefer", "return-no-content");
        SetJsonBody(message.Request, TableEntitySerializer.Serialize(entity));
        return await SendExpectingAsync(message, 204, $"Add entity to {Name}", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Inserts or updates, whatever is there.</summary>
    public virtual Task<Response> UpsertEntityAsync(
        TableEntity entity, TableUpdateMode mode = TableUpdateMode.Merge, CancellationToken cancellationToken = default) =>
        WriteEntityAsync(entity, mode, ifMatch: null, $"Upsert entity in {Name}", cancellationToken);

    /// <summary>Updates only if the entity's ETag still matches <paramref name="ifMatch"/> (<see cref="ETag.All"/>: if it exists).</summary>
    public virtual Task<Response> UpdateEntityAsync(
        TableEntity entity, ETag ifMatch, TableUpdateMode mode = TableUpdateMode.Merge, CancellationToken cancellationToken = default) =>
        WriteEntityAsync(entity, mode, ifMatch == default ? ETag.All : ifMatch, $"Update entity in {Name}", cancellationToken);

    /// <summary>Deletes; a missing entity is not an error (the 404 response is returned).</summary>
    public virtual async Task<Response> DeleteEntityAsync(
        string partitionKey, string rowKey, ETag ifMatch = default, CancellationToken cancellationToken = default)
    {
        TableKeys.ValidateKey(partitionKey, "PartitionKey");
        TableKeys.ValidateKey(rowKey, "RowKey");
        using var message = CreateMessage(RequestMethod.Delete, TableKeys.EntityPath(Name, partitionKey, rowKey));
        message.Request.Headers.SetValue("If-Match", (ifMatch == default ? ETag.All : ifMatch).ToString());
        var response = await SendAsync(message, cancellationToken).ConfigureAwait(false);
        return response.Status is 204 or 404 ? response : throw StorageErrors.Create(response, $"Delete entity from {Name}");
    }

    /// <summary>
    /// Queries with an OData <paramref name="filter"/>; the pageable follows continuation tokens, and
    /// <paramref name="maxPerPage"/> is sent as <c>$top</c> (the service caps a page at 1,000).
    /// </summary>
    public virtual AsyncPageable<TableEntity> QueryAsync(
        string? filter = null, int? maxPerPage = null, IEnumerable<string>? select = null, CancellationToken cancellationToken = default)
    {
        var selectList = SelectList(select);
        return new ContinuationPageable<TableEntity>(
            (continuation, pageSize, ct) => QueryPageAsync(filter, pageSize ?? maxPerPage, selectList, continuation, ct),
            cancellationToken);
    }

    /// <summary>
    /// Applies up to 100 actions on one partition atomically: all or none.
    /// A rejected transaction throws <see cref="TableTransactionFailedException"/>.
    /// </summary>
    public virtual async Task<Response> SubmitTransactionAsync(
        IReadOnlyList<TableTransactionAction> actions, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actions);
        TableTransactionContent.Validate(actions);
        foreach (var action in actions)
        {
            ValidateKeys(action.Entity);
        }

        var boundary = "batch_" + Guid.NewGuid().ToString("N");
        var body = TableTransactionContent.Build(actions, _serviceUri, Name, boundary, _options.ServiceVersion);
        using var message = CreateMessage(RequestMethod.Post, "$batch");
        message.Request.Headers.SetValue("Content-Type", $"multipart/mixed; boundary={boundary}");
        message.Request.Content = RequestContent.Create(body);
        var response = await SendAsync(message, cancellationToken).ConfigureAwait(false);
        if (response.Status != 202)
        {
            throw StorageErrors.Create(response, $"Transaction on {Name}");
        }

        TableTransactionContent.ThrowIfFailed(response, Name);
        return response;
    }

    private async Task<(TableEntity? Entity, Response Response)> GetEntityCoreAsync(
        string partitionKey, string rowKey, IEnumerable<string>? select, bool throwIfMissing, CancellationToken cancellationToken)
    {
        TableKeys.ValidateKey(partitionKey, "PartitionKey");
        TableKeys.ValidateKey(rowKey, "RowKey");
        using var message = CreateMessage(RequestMethod.Get, TableKeys.EntityPath(Name, partitionKey, rowKey));
        if (select is not null)
        {
            message.Request.Uri.AppendQuery("$select", SelectList(select)!);
        }

        var response = await SendAsync(message, cancellationToken).ConfigureAwait(false);
        if (response.Status == 404 && !throwIfMissing)
        {
            return (null, response);
        }

        if (response.Status != 200)
        {
            throw StorageErrors.Create(response, $"Get entity from {Name}");
        }

        using var json = JsonDocument.Parse(response.Content.ToMemory());
        return (TableEntitySerializer.Deserialize(json.RootElement, response.Headers.ETag), response);
    }

    private async Task<Response> WriteEntityAsync(
        TableEntity entity, TableUpdateMode mode, ETag? ifMatch, string operation, CancellationToken cancellationToken)
    {
        ValidateKeys(entity);
        var method = mode == TableUpdateMode.Replace ? RequestMethod.Put : RequestMethod.Patch;
        using var message = CreateMessage(method, TableKeys.EntityPath(Name, entity.PartitionKey, entity.RowKey));
        if (ifMatch is { } etag)
        {
            message.Request.Headers.SetValue("If-Match", etag.ToString());
        }

        SetJsonBody(message.Request, TableEntitySerializer.Serialize(entity));
        return await SendExpectingAsync(message, 204, operation, cancellationToken).ConfigureAwait(false);
    }

    private async Task<Page<TableEntity>> QueryPageAsync(
        string? filter, int? top, string? select, string? continuation, CancellationToken cancellationToken)
    {
        using var message = CreateMessage(RequestMethod.Get, Name + "()");
        var uri = message.Request.Uri;
        if (!string.IsNullOrEmpty(filter))
        {
            uri.AppendQuery("$filter", filter);
        }

        if (top is { } t)
        {
            uri.AppendQuery("$top", t.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        if (!string.IsNullOrEmpty(select))
        {
            uri.AppendQuery("$select", select);
        }

        if (continuation is not null)
        {
            var parts = continuation.Split('\n');
            uri.AppendQuery("NextPartitionKey", parts[0]);
            if (parts.Length > 1 && parts[1].Length > 0)
            {
                uri.AppendQuery("NextRowKey", parts[1]);
            }
        }

        var response = await SendAsync(message, cancellationToken).ConfigureAwait(false);
        if (response.Status != 200)
        {
            throw StorageErrors.Create(response, $"Query {Name}");
        }

        using var json = JsonDocument.Parse(response.Content.ToMemory());
        var entities = new List<TableEntity>();
        foreach (var item in json.RootElement.GetProperty("value").EnumerateArray())
        {
            entities.Add(TableEntitySerializer.Deserialize(item));
        }

        string? next = null;
        if (response.Headers.TryGetValue("x-ms-continuation-NextPartitionKey", out var nextPartition))
        {
            response.Headers.TryGetValue("x-ms-continuation-NextRowKey", out var nextRow);
            next = nextPartition + "\n" + nextRow;
        }

        return Page<TableEntity>.FromValues(entities, next, response);
    }

    private HttpMessage CreateMessage(RequestMethod method, string path)
    {
        var message = _pipeline.CreateMessage();
        var request = message.Request;
        request.Method = method;
        request.Uri.Reset(_serviceUri);
        request.Uri.AppendPath("/", escape: false);
        request.Uri.AppendPath(path, escape: false);
        request.Headers.SetValue("Accept", JsonAccept);
        request.Headers.SetValue("DataServiceVersion", "3.0");
        request.Headers.SetValue("MaxDataServiceVersion", "3.0;NetFx");
        request.Headers.SetValue("x-ms-version", _options.ServiceVersion);
        return message;
    }

    private static void SetJsonBody(Request request, byte[] body)
    {
        request.Headers.SetValue("Content-Type", "application/json");
        request.Content = RequestContent.Create(body);
    }

    private async Task<Response> SendAsync(HttpMessage message, CancellationToken cancellationToken)
    {
        await _pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
        return message.Response;
    }

    private async Task<Response> SendExpectingAsync(HttpMessage message, int status, string operation, CancellationToken cancellationToken)
    {
        var response = await SendAsync(message, cancellationToken).ConfigureAwait(false);
        return response.Status == status ? response : throw StorageErrors.Create(response, operation);
    }

    /// <summary>The keys are always selected: an entity without them can't be written back.</summary>
    private static string? SelectList(IEnumerable<string>? select) =>
        select is null ? null : string.Join(',', new[] { "PartitionKey", "RowKey" }.Concat(select).Distinct(StringComparer.Ordinal));

    private static void ValidateKeys(TableEntity entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        TableKeys.ValidateKey(entity.PartitionKey, "PartitionKey");
        TableKeys.ValidateKey(entity.RowKey, "RowKey");
    }
}
