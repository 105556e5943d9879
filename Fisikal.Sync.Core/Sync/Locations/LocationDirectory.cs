using System.Collections.Concurrent;
using Azure.Data.Tables;
using Fisikal.Sync.Core.Storage;

namespace Fisikal.Sync.Core.Sync.Locations;

/// <summary>
/// The platform's locations of an integration (the <c>Locations</c> table, written by the platform),
/// looked up by the source's club number / studio id / SiteID. The table is small and changes rarely, so
/// it is read at most every <see cref="MaxAge"/> per integration: a location an operator adds is used within that.
/// </summary>
public sealed class LocationDirectory(SyncStorage storage, TimeProvider time)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<string, (DateTimeOffset ReadAt, IReadOnlyDictionary<string, PlatformLocation> Locations)> _cache = new(StringComparer.Ordinal);

    /// <summary>ClubNumber → location (the first row with that club number).</summary>
    public async Task<IReadOnlyDictionary<string, PlatformLocation>> GetAllByClubNumberAsync(string integration, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        if (_cache.TryGetValue(integration, out var cached) && now - cached.ReadAt < MaxAge)
        {
            return cached.Locations;
        }

        var map = new Dictionary<string, PlatformLocation>(StringComparer.Ordinal);
        var filter = $"PartitionKey eq {TableKeys.Quote(integration)}";
        await foreach (var location in storage.Table(TableNames.Locations).QueryColumnsAsync(filter, ["ClubNumber", "DoorId"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (location["ClubNumber"] is { } club && club.ToString() is { Length: > 0 } clubNumber)
            {
                map.TryAdd(clubNumber, new PlatformLocation(location.RowKey, clubNumber, location["DoorId"]?.ToString()));
            }
        }

        _cache[integration] = (now, map);
        return map;
    }

    /// <summary>ClubNumber → location id.</summary>
    public async Task<IReadOnlyDictionary<string, string>> GetByClubNumberAsync(string integration, CancellationToken cancellationToken = default) =>
        (await GetAllByClubNumberAsync(integration, cancellationToken).ConfigureAwait(false)).ToDictionary(kv => kv.Key, kv => kv.Value.Id, StringComparer.Ordinal);
}
