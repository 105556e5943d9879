using System.Collections.Concurrent;
using Azure.Data.Tables;
using Fisikal.Sync.Core.Storage;

namespace Fisikal.Sync.Core.Sync.Packages;

/// <summary>
/// The packages configured on the platform for an integration (the <c>Packages</c> table): their Alt IDs.
/// Read at most every <see cref="MaxAge"/> per integration, so a package an operator adds is used within that.
/// </summary>
public sealed class PackageCatalog(SyncStorage storage, TimeProvider time)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<string, (DateTimeOffset ReadAt, IReadOnlySet<string> AltIds)> _cache = new(StringComparer.Ordinal);

    /// <summary>Alt IDs of the packages that are not switched off (<c>Active</c> false).</summary>
    public async Task<IReadOnlySet<string>> LoadAsync(string integration, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        if (_cache.TryGetValue(integration, out var cached) && now - cached.ReadAt < MaxAge)
        {
            return cached.AltIds;
        }

        var altIds = new HashSet<string>(StringComparer.Ordinal);
        var filter = $"PartitionKey eq {TableKeys.Quote(integration)}";
        await foreach (var package in storage.Table(TableNames.Packages).QueryColumnsAsync(filter, ["Active"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (package.GetBoolean("Active") is not false)
            {
                altIds.Add(package.RowKey);
            }
        }

        _cache[integration] = (now, altIds);
        return altIds;
    }
}
