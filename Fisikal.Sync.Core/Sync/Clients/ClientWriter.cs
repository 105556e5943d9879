using Fisikal.Sync.Core.Rules;
using Fisikal.Sync.Core.Sources;
using Fisikal.Sync.Core.Storage.Tables;
using Fisikal.Sync.Core.Sync.Locations;
using Fisikal.Sync.Core.Diagnostics;

namespace Fisikal.Sync.Core.Sync.Clients;

/// <summary>
/// Writes a page of members as clients: one partition per integration, so up to 100 rows go in one
/// atomic transaction. The page's existing rows are read first (one range query) and a client whose
/// content hash has not changed is not written, so a quiet scan writes nothing. Every write is an
/// upsert-merge keyed by member id: safe to repeat, and columns the platform adds survive.
/// </summary>
public sealed class ClientWriter(SyncStorage storage, LocationDirectory locations, TimeProvider time)
{
    /// <param name="onlyLocationId">When set (an initial sync of one location), members whose home is elsewhere are left out.</param>
    public async Task<ClientWriteResult> WriteAsync(
        string integration, IReadOnlyList<SourceMember> members, MemberStatusRule statusRule, string? onlyLocationId, CancellationToken cancellationToken = default)
    {
        var clubs = await locations.GetByClubNumberAsync(integration, cancellationToken).ConfigureAwait(false);
        var table = storage.Table(TableNames.Clients);
        var now = time.GetUtcNow();

        // A member repeated in one page is written once, as last seen.
        var latest = new Dictionary<string, SourceMember>(StringComparer.Ordinal);
        foreach (var member in members)
        {
            latest[member.Id] = member;
        }

        var existing = await ExistingHashesAsync(table, integration, latest.Keys, cancellationToken).ConfigureAwait(false);
        var writes = new List<TableEntity>();
        var kept = new List<KeptClient>();
        int created = 0, changed = 0, unchanged = 0, skippedInactive = 0, outsideLocation = 0;
        foreach (var member in latest.Values)
        {
            var homeLocation = member.HomeClubNumber is not null && clubs.TryGetValue(member.HomeClubNumber, out var id) ? id : null;
            if (onlyLocationId is not null && homeLocation != onlyLocationId)
            {
                outsideLocation++;
                continue;
            }

            var active = !member.Deleted && statusRule.IsActive(member.SourceStatus);
            var exists = existing.TryGetValue(member.Id, out var oldHash);
            if (!exists && (!active || statusRule.IsTooYoung(member.DateOfBirth, DateOnly.FromDateTime(now.UtcDateTime))))
            {
                // Seed 001: a member first seen inactive (or deleted, or too young) is not created.
                skippedInactive++;
                continue;
            }

            var entity = ClientEntityMapper.ToEntity(integration, member, active, homeLocation, now);
            var isChange = !exists || oldHash != entity.GetString(ClientColumns.ContentHash);
            if (!member.Deleted)
            {
                kept.Add(new KeptClient(member.Id, homeLocation, !exists, isChange));
            }

            if (!isChange)
            {
                unchanged++;
                continue;
            }

            writes.Add(entity);
            _ = exists ? changed++ : created++;
        }

        SyncTelemetry.Records.Add(members.Count, SyncTelemetry.Tag("integration", integration), SyncTelemetry.Tag("stream", "members"));
        SyncTelemetry.EntityWrites.Add(writes.Count, SyncTelemetry.Tag("table", TableNames.Clients));
        foreach (var chunk in writes.Chunk(100))
        {
            await table.SubmitTransactionAsync([.. chunk.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertMerge, e))], cancellationToken).ConfigureAwait(false);
        }

        return new ClientWriteResult(created, changed, unchanged, skippedInactive, outsideLocation, kept);
    }

    /// <summary>The content hashes of the page's clients that exist, read with one query over the page's key range.</summary>
    private static async Task<Dictionary<string, string?>> ExistingHashesAsync(TableClient table, string integration, IEnumerable<string> ids, CancellationToken cancellationToken)
    {
        var wanted = new HashSet<string>(ids, StringComparer.Ordinal);
        var found = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (wanted.Count == 0)
        {
            return found;
        }

        var low = wanted.Min(StringComparer.Ordinal)!;
        var high = wanted.Max(StringComparer.Ordinal)!;
        var filter = $"PartitionKey eq {TableKeys.Quote(integration)} and RowKey ge {TableKeys.Quote(low)} and RowKey le {TableKeys.Quote(high)}";
        await foreach (var row in table.QueryAsync(filter, select: [ClientColumns.ContentHash], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (wanted.Contains(row.RowKey))
            {
                found[row.RowKey] = row.GetString(ClientColumns.ContentHash);
            }
        }

        return found;
    }
}
