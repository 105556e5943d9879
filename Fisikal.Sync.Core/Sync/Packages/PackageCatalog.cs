using Fisikal.Sync.Core.Storage.Tables;

namespace Fisikal.Sync.Core.Sync.Packages;

/// <summary>The packages configured on the platform for an integration (the <c>Packages</c> table): their Alt IDs.</summary>
public sealed class PackageCatalog(SyncStorage storage)
{
    /// <summary>Alt IDs of the packages that are not switched off (<c>Active</c> false).</summary>
    public async Task<IReadOnlySet<string>> LoadAsync(string integration, CancellationToken cancellationToken = default)
    {
        var altIds = new HashSet<string>(StringComparer.Ordinal);
        var filter = $"PartitionKey eq {TableKeys.Quote(integration)}";
        await foreach (var package in storage.Table(TableNames.Packages).QueryAsync(filter, select: ["Active"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (package.GetBoolean("Active") is not false)
            {
                altIds.Add(package.RowKey);
            }
        }

        return altIds;
    }
}
