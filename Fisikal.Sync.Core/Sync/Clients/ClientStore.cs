using Azure;
using Fisikal.Sync.Core.Rules;
using Fisikal.Sync.Core.Sources;
using Azure.Data.Tables;
using Fisikal.Sync.Core.Storage;
using Fisikal.Sync.Core.Sync.Locations;
using Fisikal.Sync.Core.Diagnostics;
using Fisikal.Sync.Core.Integrations;

namespace Fisikal.Sync.Core.Sync.Clients;

/// <summary>
/// The one owner of <c>Clients</c>: every read and write of it goes through here, so its rule holds everywhere.
/// <para>
/// The rule: a read never replaces a newer one. A row holding a later source version (PGM's own), or, without versions,
/// a state read later (a webhook's, say, while a scan's page was on its way), is left as it is, and every write is
/// conditional on the row as read (an insert for a new one), so a writer racing another re-reads and decides again;
/// columns the platform adds survive (merge). A client made Deleted has its packages expired first, so a Deleted client
/// never holds an Active package.
/// </para>
/// <para>
/// A page of members is written as clients: one partition per integration, so up to 100 rows go in one
/// atomic transaction. The page's existing rows are read first (one range query) and a client whose
/// content hash has not changed is not written, so a quiet scan writes nothing.
/// </para>
/// </summary>
public sealed class ClientStore(SyncStorage storage, LocationDirectory locations, Packages.ClientPackageWriter packages, TimeProvider time)
{
    private const int Attempts = 5;

    /// <param name="readAt">When the members were read from the source (taken before the request).</param>
    /// <param name="onlyLocationId">When set (an initial sync of one location), members whose home is elsewhere are left out.</param>
    public async Task<ClientWriteResult> WriteAsync(
        string integration, IReadOnlyList<SourceMember> members, MemberStatusRule statusRule, string? onlyLocationId, DateTimeOffset readAt, CancellationToken cancellationToken = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await TryWriteAsync(integration, members, statusRule, onlyLocationId, readAt, cancellationToken).ConfigureAwait(false);
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412 && attempt < Attempts)
            {
                // Another writer changed or created one of these rows since they were read: read again and decide again.
            }
        }
    }

    private async Task<ClientWriteResult> TryWriteAsync(
        string integration, IReadOnlyList<SourceMember> members, MemberStatusRule statusRule, string? onlyLocationId, DateTimeOffset readAt, CancellationToken cancellationToken)
    {
        var clubs = await locations.GetByClubNumberAsync(integration, cancellationToken).ConfigureAwait(false);
        var latest = LatestById(members);
        var existing = await ExistingAsync(Table, integration, latest.Keys, cancellationToken).ConfigureAwait(false);
        var plan = new WritePlan(integration, statusRule, onlyLocationId, readAt, time.GetUtcNow());
        foreach (var member in latest.Values)
        {
            var homeLocation = member.HomeClubNumber is not null && clubs.TryGetValue(member.HomeClubNumber, out var id) ? id : null;
            plan.Add(member, homeLocation, existing.GetValueOrDefault(member.Id));
        }

        // A deleted client's packages expire first: at no moment does a Deleted client hold an Active package, and a
        // failure between the two leaves a client whose next write tries again.
        foreach (var id in plan.Deleting)
        {
            await packages.ExpireAllAsync(integration, id, cancellationToken).ConfigureAwait(false);
        }

        await Table.SubmitInBatchesAsync(plan.Writes, cancellationToken).ConfigureAwait(false);

        SyncTelemetry.Records.Add(members.Count, SyncTelemetry.Tag("integration", integration), SyncTelemetry.Tag("stream", "members"));
        SyncTelemetry.EntityWrites.Add(plan.Writes.Count, SyncTelemetry.Tag("table", TableNames.Clients));
        return plan.Result;
    }

    /// <summary>A member repeated in one page is written once, as last seen.</summary>
    private static Dictionary<string, SourceMember> LatestById(IReadOnlyList<SourceMember> members)
    {
        var latest = new Dictionary<string, SourceMember>(StringComparer.Ordinal);
        foreach (var member in members)
        {
            // Sources quarantine ids that can't be keys; one that slips through fails here, naming it, before anything is written.
            TableKeys.ValidateKey(member.Id, "client id");
            latest[member.Id] = member;
        }

        return latest;
    }

    /// <summary>The client's state as stored, or null when there is no such client.</summary>
    public async Task<StoredClient?> FindAsync(string integration, string memberId, CancellationToken cancellationToken = default) =>
        await Table.GetEntityOrNullAsync(integration, memberId, [ClientColumns.Status, ClientColumns.Deleted, ClientColumns.HomeLocationId], cancellationToken).ConfigureAwait(false) is { } row
            ? StoredClient.Of(row)
            : null;

    /// <summary>
    /// Clients not deleted, in id order after <paramref name="afterId"/>, read <paramref name="pageSize"/> a page (a page
    /// may hold fewer rows and still not be the last: the caller stops when it has enough).
    /// </summary>
    public async IAsyncEnumerable<StoredClient> ListLiveAsync(
        string integration, string afterId, int pageSize, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var filter = $"PartitionKey eq {TableKeys.Quote(integration)} and RowKey gt {TableKeys.Quote(afterId)} and Deleted eq false";
        await foreach (var row in Table.QueryColumnsAsync(filter, [ClientColumns.HomeLocationId], maxPerPage: pageSize, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            yield return StoredClient.Of(row);
        }
    }

    /// <summary>The ids of the integration's Deleted clients.</summary>
    public async IAsyncEnumerable<string> ListDeletedIdsAsync(string integration, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var filter = $"PartitionKey eq {TableKeys.Quote(integration)} and Deleted eq true";
        await foreach (var row in Table.QueryColumnsAsync(filter, ["RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            yield return row.RowKey;
        }
    }

    /// <summary>
    /// The source, read at <paramref name="readAt"/>, says it has no such member: the client becomes Inactive, and Deleted
    /// where the integration deletes gone clients (<see cref="IntegrationOptions.DeletesGoneClients"/>), its packages
    /// Expired first. Never creates a client that wasn't there, and leaves a row a later read wrote.
    /// </summary>
    public async Task MarkGoneAsync(IntegrationOptions integration, string memberId, DateTimeOffset readAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(integration);
        for (var attempt = 1; ; attempt++)
        {
            var row = await Table.GetEntityOrNullAsync(integration.Name, memberId, [ClientColumns.SourceReadAt], cancellationToken).ConfigureAwait(false);
            if (row is null || row.GetDateTimeOffset(ClientColumns.SourceReadAt) > readAt)
            {
                // Never a client here, or a later read wrote it: nothing this read may change.
                return;
            }

            var update = new TableEntity(integration.Name, memberId)
            {
                [ClientColumns.Status] = ClientColumns.Inactive,
                [ClientColumns.ContentHash] = string.Empty,
                [ClientColumns.SyncedAt] = time.GetUtcNow(),
                [ClientColumns.SourceReadAt] = readAt,
            };
            if (integration.DeletesGoneClients)
            {
                update[ClientColumns.Deleted] = true;
                await packages.ExpireAllAsync(integration.Name, memberId, cancellationToken).ConfigureAwait(false);
            }

            try
            {
                await Table.UpdateEntityAsync(update, row.ETag, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (RequestFailedException ex) when (ex.Status is 404 or 412 && attempt < Attempts)
            {
                // Written or deleted since it was read: read again and decide again.
            }
        }
    }

    /// <summary>
    /// After a complete scan that began at <paramref name="scanStarted"/>: the Active clients it did not see become Deleted
    /// and Inactive (packages Expired first), unless something wrote them after the scan began (a webhook's new member,
    /// say): the scan can't have seen those. Each write is conditional on the row as read. Each is marked with the run
    /// (<see cref="ClientColumns.MadeInactiveByRun"/>), and the count is of marked rows, so two messages completing the
    /// run at once record the same number.
    /// </summary>
    public async Task<int> MakeAbsentInactiveAsync(string integration, string runId, IReadOnlySet<string> seen, DateTimeOffset scanStarted, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(seen);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await TryMakeAbsentInactiveAsync(integration, runId, seen, scanStarted, cancellationToken).ConfigureAwait(false);
                break;
            }
            catch (TableTransactionFailedException ex) when (ex.Status is 404 or 412 && attempt < Attempts)
            {
                // One of them was written since the query: query again and decide again.
            }
        }

        var marked = 0;
        var byRun = $"PartitionKey eq {TableKeys.Quote(integration)} and {ClientColumns.MadeInactiveByRun} eq {TableKeys.Quote(runId)}";
        await foreach (var _ in Table.QueryColumnsAsync(byRun, ["RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            marked++;
        }

        return marked;
    }

    private async Task TryMakeAbsentInactiveAsync(string integration, string runId, IReadOnlySet<string> seen, DateTimeOffset scanStarted, CancellationToken cancellationToken)
    {
        var filter = $"PartitionKey eq {TableKeys.Quote(integration)} and Status eq {TableKeys.Quote(ClientColumns.Active)}";
        var absent = new List<TableEntity>();
        await foreach (var client in Table.QueryColumnsAsync(filter, [ClientColumns.SyncedAt], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (seen.Contains(client.RowKey) || client.GetDateTimeOffset(ClientColumns.SyncedAt) >= scanStarted)
            {
                continue;
            }

            absent.Add(new TableEntity(integration, client.RowKey)
            {
                [ClientColumns.Status] = ClientColumns.Inactive,
                [ClientColumns.Deleted] = true,
                [ClientColumns.SourceStatus] = "ABSENT",
                [ClientColumns.ContentHash] = string.Empty,
                [ClientColumns.SyncedAt] = time.GetUtcNow(),
                [ClientColumns.MadeInactiveByRun] = runId,
                ETag = client.ETag,
            });
        }

        // Their packages expire first, so a Deleted client never holds an Active package.
        foreach (var client in absent)
        {
            await packages.ExpireAllAsync(integration, client.RowKey, cancellationToken).ConfigureAwait(false);
        }

        await Table.SubmitInBatchesAsync(absent.Select(e => new TableTransactionAction(TableTransactionActionType.UpdateMerge, e, e.ETag)), cancellationToken).ConfigureAwait(false);
    }

    private TableClient Table => storage.Table(TableNames.Clients);

    /// <summary>Whether the row holds a newer source state than this read: by the source's version where both have one, else by read time.</summary>
    private static bool IsNewer(TableEntity row, SourceMember member, DateTimeOffset readAt) =>
        row.GetInt64(ClientColumns.SourceVersion) is { } held && member.SourceVersion is { } incoming
            ? held > incoming
            : row.GetDateTimeOffset(ClientColumns.SourceReadAt) is { } heldReadAt && heldReadAt > readAt;

    /// <summary>The page's clients that exist (hash, version, read time and ETag), read with one query over the page's key range.</summary>
    private static async Task<Dictionary<string, TableEntity>> ExistingAsync(TableClient table, string integration, IEnumerable<string> ids, CancellationToken cancellationToken)
    {
        var wanted = new HashSet<string>(ids, StringComparer.Ordinal);
        var found = new Dictionary<string, TableEntity>(StringComparer.Ordinal);
        if (wanted.Count == 0)
        {
            return found;
        }

        var low = wanted.Min(StringComparer.Ordinal)!;
        var high = wanted.Max(StringComparer.Ordinal)!;
        var filter = $"PartitionKey eq {TableKeys.Quote(integration)} and RowKey ge {TableKeys.Quote(low)} and RowKey le {TableKeys.Quote(high)}";
        await foreach (var row in table.QueryColumnsAsync(filter, [ClientColumns.ContentHash, ClientColumns.SourceVersion, ClientColumns.SourceReadAt], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (wanted.Contains(row.RowKey))
            {
                found[row.RowKey] = row;
            }
        }

        return found;
    }

    /// <summary>What a page's members come to: the writes (conditional on the rows as read), the clients to delete, the tally.</summary>
    private sealed class WritePlan(string integration, MemberStatusRule statusRule, string? onlyLocationId, DateTimeOffset readAt, DateTimeOffset now)
    {
        private readonly List<KeptClient> _kept = [];
        private int _created, _changed, _unchanged, _skippedInactive, _outsideLocation;

        public List<TableTransactionAction> Writes { get; } = [];

        public List<string> Deleting { get; } = [];

        public ClientWriteResult Result => new(_created, _changed, _unchanged, _skippedInactive, _outsideLocation, _kept);

        public void Add(SourceMember member, string? homeLocation, TableEntity? old)
        {
            if (onlyLocationId is not null && homeLocation != onlyLocationId)
            {
                _outsideLocation++;
                return;
            }

            var active = !member.Deleted && statusRule.IsActive(member.SourceStatus);
            if (old is null && (!active || statusRule.IsTooYoung(member.DateOfBirth, DateOnly.FromDateTime(now.UtcDateTime))))
            {
                // Seed 001: a member first seen inactive (or deleted, or too young) is not created.
                _skippedInactive++;
                return;
            }

            var entity = ClientEntityMapper.ToEntity(integration, member, active, homeLocation, now);
            var isChange = old is null || (old.GetString(ClientColumns.ContentHash) != entity.GetString(ClientColumns.ContentHash) && !IsNewer(old, member, readAt));
            if (!member.Deleted)
            {
                _kept.Add(new KeptClient(member.Id, homeLocation, old is null, isChange));
            }

            if (!isChange)
            {
                _unchanged++;
                return;
            }

            entity[ClientColumns.SourceReadAt] = readAt;
            if (member.SourceVersion is { } version)
            {
                entity[ClientColumns.SourceVersion] = version;
            }

            Writes.Add(old is null
                ? new TableTransactionAction(TableTransactionActionType.Add, entity)
                : new TableTransactionAction(TableTransactionActionType.UpdateMerge, entity, old.ETag));
            _ = old is null ? _created++ : _changed++;
            if (old is not null && member.Deleted)
            {
                Deleting.Add(member.Id);
            }
        }
    }
}
