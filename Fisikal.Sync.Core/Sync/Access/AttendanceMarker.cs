using Azure;
using Fisikal.Sync.Core.Sources;
using Azure.Data.Tables;
using Fisikal.Sync.Core.Storage;

namespace Fisikal.Sync.Core.Sync.Access;

/// <summary>
/// A door access marks the client's bookings attended (seeds 000 and 001): a booking at the same location
/// whose class starts between <c>before</c> after the swipe and <c>after</c> before it (by default the swipe
/// is 30 minutes before to 15 minutes after the start) gets <c>Attended</c> and <c>AttendedAt</c>, once.
/// Bookings are read from the one or two day partitions (<c>{integration}:{yyyy-MM-dd}</c>) the window touches.
/// </summary>
public sealed class AttendanceMarker(SyncStorage storage)
{
    public async Task<int> MarkAsync(
        string integration, SourceVisit visit, string locationId, TimeSpan before, TimeSpan after, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(visit);
        var earliestStart = visit.AccessedAt - after;
        var latestStart = visit.AccessedAt + before;
        var table = storage.Table(TableNames.Bookings);
        var marked = 0;
        foreach (var partition in new[] { earliestStart, latestStart }.Select(d => DoorAccessWriter.PartitionKey(integration, d)).Distinct(StringComparer.Ordinal))
        {
            var filter = $"PartitionKey eq {TableKeys.Quote(partition)} and ClientId eq {TableKeys.Quote(visit.MemberId)}";
            await foreach (var booking in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                var startsAt = StartsAt(booking);
                if (booking.GetString("LocationId") != locationId || startsAt is null || startsAt < earliestStart || startsAt > latestStart || booking.GetBoolean("Attended") == true)
                {
                    continue;
                }

                try
                {
                    await table.UpdateEntityAsync(
                        new TableEntity(booking.PartitionKey, booking.RowKey) { ["Attended"] = true, ["AttendedAt"] = visit.AccessedAt },
                        booking.ETag,
                        TableUpdateMode.Merge,
                        cancellationToken).ConfigureAwait(false);
                    marked++;
                }
                catch (RequestFailedException ex) when (ex.Status is 412 or 404)
                {
                    // Marked (or changed) by someone else meanwhile: once is enough.
                }
            }
        }

        return marked;
    }

    /// <summary>StartsAt as the platform writes it: a DateTime, or an ISO-8601 string.</summary>
    private static DateTimeOffset? StartsAt(TableEntity booking) =>
        booking.GetDateTimeOffset("StartsAt")
        ?? (DateTimeOffset.TryParse(booking.GetString("StartsAt"), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var parsed) ? parsed : null);
}
