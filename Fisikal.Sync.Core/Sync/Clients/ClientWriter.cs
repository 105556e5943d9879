using Fisikal.Sync.Core.Rules;
using Fisikal.Sync.Core.Sources;
using Fisikal.Sync.Core.Storage.Tables;
using Fisikal.Sync.Core.Sync.Locations;

namespace Fisikal.Sync.Core.Sync.Clients;

/// <summary>
/// Writes a page of members as clients: one partition per integration, so up to 100 rows go in
/// one atomic transaction. Every write is an upsert-merge keyed by member id: safe to repeat, and
/// columns the platform adds survive.
/// </summary>
public sealed class ClientWriter
{
    private readonly SyncStorage _storage;
    private readonly LocationDirectory _locations;
    private readonly TimeProvider _time;

    public ClientWriter(SyncStorage storage, LocationDirectory locations, TimeProvider time)
    {
        _storage = storage;
        _locations = locations;
        _time = time;
    }

    /// <param name="onlyLocationId">When set (an initial sync of one location), members whose home is elsewhere are left out.</param>
    public async Task<ClientWriteResult> WriteAsync(
        string integration, IReadOnlyList<SourceMember> members, MemberStatusRule statusRule, string? onlyLocationId, CancellationToken cancellationToken = default)
    {
        var clubs = await _locations.GetByClubNumberAsync(integration, cancellationToken).ConfigureAwait(false);
        var table = _storage.Table(TableNames.Clients);
        var now = _time.GetUtcNow();

        // A member repeated in one page (the source's paging can do that) is written once, as last seen.
        var latest = new Dictionary<string, SourceMember>(StringComparer.Ordinal);
        foreach (var member in members)
        {
            latest[member.Id] = member;
        }

        var entities = new List<TableEntity>(latest.Count);
        int skippedInactive = 0, outsideLocation = 0;
        foreach (var member in latest.Values)
        {
            var homeLocation = member.HomeClubNumber is not null && clubs.TryGetValue(member.HomeClubNumber, out var id) ? id : null;
            if (onlyLocationId is not null && homeLocation != onlyLocationId)
            {
                outsideLocation++;
                continue;
            }

            var active = statusRule.IsActive(member.SourceStatus);
            if (!active && await table.GetEntityIfExistsAsync(integration, member.Id, ["RowKey"], cancellationToken).ConfigureAwait(false) is null)
            {
                // Seed 001: a member first seen inactive is not created.
                skippedInactive++;
                continue;
            }

            entities.Add(ClientEntityMapper.ToEntity(integration, member, active, homeLocation, now));
        }

        foreach (var chunk in entities.Chunk(100))
        {
            var actions = chunk.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertMerge, e)).ToList();
            await table.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
        }

        return new ClientWriteResult(entities.Count, skippedInactive, outsideLocation);
    }
}
