using System.Globalization;
using Fisikal.Sync.Core.Sources;
using Azure.Data.Tables;
using Fisikal.Sync.Core.Storage;
using Fisikal.Sync.Core.Sync.Locations;

namespace Fisikal.Sync.Core.Sync.Access;

/// <summary>
/// Visits as <c>DoorAccess</c> rows: PartitionKey <c>{integration}:{yyyy-MM-dd}</c> (the UTC day of the
/// access), RowKey the source's visit id, so a visit read twice is one row. The location is the one whose
/// <c>ClubNumber</c> is the visit's club, the door that location's.
/// </summary>
public sealed class DoorAccessWriter(SyncStorage storage, TimeProvider time)
{
    public async Task<int> WriteAsync(
        string integration, IReadOnlyList<SourceVisit> visits, IReadOnlyDictionary<string, PlatformLocation> locations, CancellationToken cancellationToken = default)
    {
        var table = storage.Table(TableNames.DoorAccess);
        var now = time.GetUtcNow();
        var actions = visits.GroupBy(v => PartitionKey(integration, v.AccessedAt)).SelectMany(day => day.DistinctBy(v => v.Id).Select(visit =>
        {
            var location = visit.ClubNumber is not null && locations.TryGetValue(visit.ClubNumber, out var l) ? l : null;
            return new TableTransactionAction(TableTransactionActionType.UpsertMerge, new TableEntity(day.Key, visit.Id)
            {
                ["ClientId"] = visit.MemberId,
                ["LocationId"] = location?.Id ?? string.Empty,
                ["DoorId"] = location?.DoorId ?? string.Empty,
                ["AccessedAt"] = visit.AccessedAt,
                ["ClubNumber"] = visit.ClubNumber ?? string.Empty,
                ["SyncedAt"] = now,
            });
        }));
        var written = await table.SubmitInBatchesAsync(actions, cancellationToken).ConfigureAwait(false);
        Diagnostics.SyncTelemetry.EntityWrites.Add(written, Diagnostics.SyncTelemetry.Tag("table", TableNames.DoorAccess));
        return written;
    }

    public static string PartitionKey(string integration, DateTimeOffset at) =>
        $"{integration}:{at.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";
}
