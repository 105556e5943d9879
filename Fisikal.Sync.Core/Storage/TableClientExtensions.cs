using Azure;
using Azure.Data.Tables;

namespace Fisikal.Sync.Core.Storage;

public static class TableClientExtensions
{
    /// <summary>The entity, or null when there is none: the SDK's <c>GetEntityIfExistsAsync</c> without the response wrapper.</summary>
    public static async Task<TableEntity?> GetEntityOrNullAsync(
        this TableClient table, string partitionKey, string rowKey, IEnumerable<string>? select = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        var response = await table.GetEntityIfExistsAsync<TableEntity>(partitionKey, rowKey, WithKeys(select), cancellationToken).ConfigureAwait(false);
        return response.HasValue ? response.Value : null;
    }

    /// <summary>
    /// A query that reads only <paramref name="columns"/> (null: all), and the keys: the service returns exactly what <c>$select</c> names,
    /// so a selected row would otherwise come back without its PartitionKey and RowKey.
    /// </summary>
    public static AsyncPageable<TableEntity> QueryColumnsAsync(
        this TableClient table, string? filter, IEnumerable<string>? columns, int? maxPerPage = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        return table.QueryAsync<TableEntity>(filter, maxPerPage, WithKeys(columns), cancellationToken);
    }

    private static List<string>? WithKeys(IEnumerable<string>? select) =>
        select is null ? null : ["PartitionKey", "RowKey", .. select.Where(c => c is not ("PartitionKey" or "RowKey"))];
}
