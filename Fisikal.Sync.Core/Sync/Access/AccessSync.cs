using System.Text.Json;
using Fisikal.Sync.Core.Integrations;
using Fisikal.Sync.Core.Sources.PerfectGymNext;
using Azure.Data.Tables;
using Fisikal.Sync.Core.Storage;
using Fisikal.Sync.Core.Sync.Packages;

namespace Fisikal.Sync.Core.Sync.Access;

/// <summary>
/// The ongoing access sync (every 2 minutes by default). Check-ins are read one customer at a time, so the
/// budget goes where it matters: first the clients with bookings starting around now (their swipes mark
/// attendance), then a rotating sweep over everyone (state <c>sweep:visits</c>), so the oldest client's
/// check-ins are at most one sweep cycle stale.
/// </summary>
public sealed class AccessSync(ClientSweep sweep, SyncStorage storage, TimeProvider time)
{
    public const string SweepName = "visits";
    public const int ChunkSize = 25;

    /// <summary>Queues this run's reads; returns (booked clients, swept clients).</summary>
    public async Task<(int Booked, int Swept)> RunAsync(IntegrationOptions integration, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(integration);
        var booked = await ClientsBookedAroundNowAsync(integration, cancellationToken).ConfigureAwait(false);
        await EnqueueAsync(integration.Name, booked, "bookings", cancellationToken).ConfigureAwait(false);

        var batch = ClientSweep.BatchSize(integration.CheckinSweepBatch, integration.RateLimit, [PerfectGymNextEndpoints.GetCustomersCheckinHistory], time.GetUtcNow());
        var next = await sweep.NextBatchAsync(integration.Name, SweepName, batch, cancellationToken).ConfigureAwait(false);
        var swept = next.Members.Where(m => !booked.Any(b => b.Id == m.Id)).ToList();
        await EnqueueAsync(integration.Name, swept, "sweep", cancellationToken).ConfigureAwait(false);
        await sweep.CommitAsync(next, cancellationToken).ConfigureAwait(false);
        return (booked.Count, swept.Count);
    }

    /// <summary>Clients with a booking whose class starts within the attendance window of now (widened by a poll interval).</summary>
    private async Task<List<MemberRef>> ClientsBookedAroundNowAsync(IntegrationOptions integration, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var from = now - integration.AttendanceAfter - TimeSpan.FromMinutes(10);
        var to = now + integration.AttendanceBefore;
        var clients = new HashSet<string>(StringComparer.Ordinal);
        foreach (var partition in new[] { from, to }.Select(d => DoorAccessWriter.PartitionKey(integration.Name, d)).Distinct(StringComparer.Ordinal))
        {
            var filter = $"PartitionKey eq {TableKeys.Quote(partition)}";
            await foreach (var booking in storage.Table(TableNames.Bookings).QueryColumnsAsync(filter, ["ClientId", "StartsAt", "Attended"], cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                if (booking.GetDateTimeOffset("StartsAt") is { } starts && starts >= from && starts <= to && booking.GetBoolean("Attended") != true && booking.GetString("ClientId") is { Length: > 0 } client)
                {
                    clients.Add(client);
                }
            }
        }

        return [.. clients.Select(c => new MemberRef(c, null))];
    }

    private async Task EnqueueAsync(string integration, IReadOnlyList<MemberRef> members, string reason, CancellationToken cancellationToken)
    {
        foreach (var chunk in members.Chunk(ChunkSize))
        {
            var message = new MemberVisitsMessage(integration, chunk, reason);
            await storage.EnqueueAsync(QueueNames.MemberVisits, message, cancellationToken).ConfigureAwait(false);
        }
    }
}
