using Fisikal.Sync.Core.Storage.Tables;

namespace Fisikal.Sync.Core.Sync.Locations;

/// <summary>
/// The platform's locations of an integration (the <c>Locations</c> table, written by the platform),
/// looked up by the source's club number / studio id / SiteID.
/// </summary>
public sealed class LocationDirectory
{
    private readonly SyncStorage _storage;

    public LocationDirectory(SyncStorage storage)
    {
        _storage = storage;
    }

    /// <summary>ClubNumber → location id (the row key). Read once per page: the table is small.</summary>
    public async Task<IReadOnlyDictionary<string, string>> GetByClubNumberAsync(string integration, CancellationToken cancellationToken = default)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        var filter = $"PartitionKey eq {TableKeys.Quote(integration)}";
        await foreach (var location in _storage.Table(TableNames.Locations).QueryAsync(filter, select: ["RowKey", "ClubNumber"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (location["ClubNumber"] is { } club && club.ToString() is { Length: > 0 } clubNumber)
            {
                map.TryAdd(clubNumber, location.RowKey);
            }
        }

        return map;
    }
}
