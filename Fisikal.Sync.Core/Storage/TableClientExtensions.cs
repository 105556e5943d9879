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

    /// <summary>
    /// Submits the actions as entity group transactions: one partition per transaction (the service requires it) and at
    /// most <see cref="TableLimits.EntitiesPerTransaction"/> actions each (Azurite does not enforce that; Azure does), in
    /// order within a partition. <paramref name="perTransaction"/> lowers the count for rows near the 64 KiB a property,
    /// which would pass 4 MiB a transaction at 100. Returns how many actions it submitted.
    /// </summary>
    public static async Task<int> SubmitInBatchesAsync(
        this TableClient table, IEnumerable<TableTransactionAction> actions, CancellationToken cancellationToken = default, int perTransaction = TableLimits.EntitiesPerTransaction)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(actions);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(perTransaction, TableLimits.EntitiesPerTransaction);
        var submitted = 0;
        foreach (var partition in actions.GroupBy(a => a.Entity.PartitionKey, StringComparer.Ordinal))
        {
            foreach (var chunk in partition.Chunk(perTransaction))
            {
                await table.SubmitTransactionAsync(chunk, cancellationToken).ConfigureAwait(false);
                submitted += chunk.Length;
            }
        }

        return submitted;
    }

    private static List<string>? WithKeys(IEnumerable<string>? select) =>
        select is null ? null : ["PartitionKey", "RowKey", .. select.Where(c => c is not ("PartitionKey" or "RowKey"))];
}
