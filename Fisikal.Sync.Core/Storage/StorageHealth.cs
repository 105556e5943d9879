using Azure;
using Azure.Data.Tables;
using Fisikal.Sync.Core.Sync;

namespace Fisikal.Sync.Core.Storage;

/// <summary>Whether the storage account answers: one single-row query on <c>SyncRuns</c>.</summary>
public sealed class StorageHealth(SyncStorage storage)
{
    /// <summary>Null when storage answered; otherwise why not (status and error code, never the connection).</summary>
    public async Task<string?> ProblemAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await foreach (var _ in storage.Table(TableNames.SyncRuns).QueryAsync<TableEntity>("PartitionKey eq 'health'", maxPerPage: 1, cancellationToken: cancellationToken).AsPages().ConfigureAwait(false))
            {
                break;
            }

            return null;
        }
        catch (RequestFailedException ex)
        {
            return $"Table service answered {ex.Status} ({ex.ErrorCode}).";
        }
        catch (HttpRequestException)
        {
            return "The table service did not answer.";
        }
    }
}
