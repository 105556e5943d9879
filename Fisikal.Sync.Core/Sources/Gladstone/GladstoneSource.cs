using System.Globalization;
using Fisikal.Sync.Core.Integrations;
using Fisikal.Sync.Core.Sync.Locations;

namespace Fisikal.Sync.Core.Sources.Gladstone;

/// <summary>
/// Gladstone Plus 2 as a source, rule by rule as seed 001 has it. Members come from the run-id change feed (every
/// member until the first commit, then only changes), committed only once written; each member's Name, Email, DOB,
/// home site (SiteID → the location whose ClubNumber it is), StatusID (active list configurable) and IsDeleted (a
/// Deleted client with <c>DeleteOnIsDeleted</c>, otherwise Inactive). A subscription is the package whose Alt ID is its
/// SubTypeID exactly, started on StartDate, keyed by SubscriptionRef, at SiteID's location, Expired once EndDate is past,
/// with the location tier of characters 5-6 when character 5 is '0'. Door accesses become door access and attendance.
/// </summary>
public sealed class GladstoneSource(GladstoneClient client, IntegrationOptions integration, LocationDirectory locations, TimeProvider time)
    : IMemberSource, IPurchaseSource, IChangeFeed, ICatalogSource, ICredentialVerifier
{
    private const string SubscriptionKind = "subscription";

    /// <summary>Subscriptions come per member; the member feed's changes and the package sweep refresh them.</summary>
    public IReadOnlyList<string> PurchaseStreams { get; } = [];

    public IReadOnlyList<string> PurchaseEndpoints { get; } = ["GetMemberSubscriptionsWithDetails"];

    /// <summary>
    /// Seed 001's tier: characters 5-6 of the SubTypeID when character 5 is '0' (PTPK02 → 02). The seed's example also
    /// maps PTPK02 to the package PTPK01, which contradicts its own "exactly matches" rule; the rule is followed.
    /// </summary>
    public static string? LocationTier(string subTypeId) =>
        subTypeId is { Length: >= 6 } && subTypeId[4] == '0' ? subTypeId.Substring(4, 2) : null;

    /// <summary>
    /// The system name whose feed an initial sync reads: the run's own, so it is read before its first commit and returns
    /// every member ("all users are returned until the first run of CommitUserChanges"), however often the ongoing sync
    /// (or an earlier initial sync) has committed its own.
    /// </summary>
    public string InitialSyncSystemName(string runId) => $"{integration.SystemName}Initial-{runId}";

    /// <summary>
    /// The initial sync: every member, from the feed of the run's own system name (<see cref="InitialSyncSystemName"/>),
    /// whose run is acknowledged (committed) once the page is recorded, and cleaned up by the daily cleanup, so no change
    /// record is left behind at Gladstone. It is not taken for a complete roster: Gladstone keeps deleted members (IsDeleted), and nothing
    /// documents that this feed lists every member, so no client is made Inactive for being absent from it.
    /// </summary>
    public async Task<MemberPage> ReadMembersAsync(string? cursor, string runId, CancellationToken cancellationToken = default)
    {
        var systemName = InitialSyncSystemName(runId);
        var (members, malformed, feedRunId) = await client.GetMemberChangesAsync(systemName, 0, cancellationToken).ConfigureAwait(false);
        return new MemberPage([.. members.Select(ToMember)], malformed, null, RosterComplete: false, Acknowledgement: $"{systemName}|{feedRunId.ToString(CultureInfo.InvariantCulture)}");
    }

    /// <summary>Commits what an initial sync's own system name returned (<c>{system}|{run id}</c>), so the daily cleanup removes it.</summary>
    public Task AcknowledgeAsync(string acknowledgement, CancellationToken cancellationToken = default)
    {
        var (systemName, feedRunId) = ParseAcknowledgement(acknowledgement);
        return client.CommitMemberChangesAsync(systemName, feedRunId, cancellationToken);
    }

    /// <summary>The system name and run id of an acknowledgement made by <see cref="ReadMembersAsync"/>.</summary>
    public static (string SystemName, long RunId) ParseAcknowledgement(string acknowledgement)
    {
        ArgumentNullException.ThrowIfNull(acknowledgement);
        var bar = acknowledgement.LastIndexOf('|');
        return bar > 0 && long.TryParse(acknowledgement.AsSpan(bar + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var runId)
            ? (acknowledgement[..bar], runId)
            : throw new FormatException($"'{acknowledgement}' is not a Gladstone acknowledgement (system|runId).");
    }

    /// <summary>Never null: Gladstone says a member is deleted with IsDeleted, not by not having them (see <see cref="GladstoneClient.RetrieveMemberAsync"/>).</summary>
    public async Task<SourceMember?> ReadMemberAsync(string memberId, CancellationToken cancellationToken = default) =>
        ToMember(await client.RetrieveMemberAsync(memberId, cancellationToken).ConfigureAwait(false));

    /// <summary>One page: everything the feed has since the last commit; the checkpoint is the run id to commit.</summary>
    public async Task<FeedPage<SourceMember>> ReadMemberChangesAsync(string? cursor, CancellationToken cancellationToken = default)
    {
        var lastRunId = long.TryParse(cursor, NumberStyles.None, CultureInfo.InvariantCulture, out var last) ? last : 0;
        var (members, malformed, runId) = await client.GetMemberChangesAsync(integration.SystemName, lastRunId, cancellationToken).ConfigureAwait(false);
        return new FeedPage<SourceMember>([.. members.Select(ToMember)], malformed, null, runId.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>The members stream's checkpoint is a run id: committed now that its changes are stored.</summary>
    public Task CommitAsync(string stream, string checkpoint, CancellationToken cancellationToken = default) =>
        stream == IChangeFeed.MembersStream
            ? client.CommitMemberChangesAsync(integration.SystemName, long.Parse(checkpoint, CultureInfo.InvariantCulture), cancellationToken)
            : Task.CompletedTask;

    public Task<string> CurrentCursorAsync(string stream, CancellationToken cancellationToken = default) =>
        Task.FromResult("0"); // the feed itself knows what this system has committed

    public Task<FeedPage<string>> ReadPurchaseChangesAsync(string stream, string? cursor, CancellationToken cancellationToken = default) =>
        throw new ArgumentException($"Gladstone has no purchase stream '{stream}'.", nameof(stream));

    /// <summary>How far back each read of door accesses reaches before the last one read: an access recorded late (a
    /// turnstile that uploads in batches) carries its own, earlier time and would otherwise fall behind the cursor.</summary>
    public static readonly TimeSpan AccessOverlap = TimeSpan.FromMinutes(15);

    /// <summary>
    /// Door accesses from the last one read less <see cref="AccessOverlap"/> (or from <paramref name="since"/>). The
    /// cursor keeps the ids read within the overlap, so an access met again there is dropped, not counted twice.
    /// </summary>
    public async Task<FeedPage<SourceVisit>> ReadVisitChangesAsync(string? cursor, DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        var (last, seen) = AccessCursor.Parse(cursor);
        var from = last is { } at ? at - AccessOverlap : since;
        var (accesses, malformed) = await client.GetAccessEventsAsync(from, cancellationToken).ConfigureAwait(false);
        var latest = accesses.Select(a => a.AccessedAt).Append(last ?? since).Max();
        var recent = accesses.Where(a => a.AccessedAt >= latest - AccessOverlap).OrderByDescending(a => a.AccessedAt).Select(a => a.AccessId);
        return new FeedPage<SourceVisit>(
            [.. accesses.Where(a => !seen.Contains(a.AccessId)).DistinctBy(a => a.AccessId).Select(a => new SourceVisit(a.AccessId, a.MemberId, a.AccessedAt, a.SiteId))],
            malformed,
            null,
            AccessCursor.Format(latest, recent));
    }

    public async Task<PurchaseRead> ReadPurchasesAsync(string memberId, CancellationToken cancellationToken = default)
    {
        var (subscriptions, malformed) = await client.GetMemberSubscriptionsAsync(memberId, cancellationToken).ConfigureAwait(false);
        var sites = await locations.GetByClubNumberAsync(integration.Name, cancellationToken).ConfigureAwait(false);
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        return new PurchaseRead(
            [.. subscriptions.Select(s => new SourcePurchase(
                SubscriptionKind,
                s.SubscriptionRef,
                [s.SubTypeId],
                s.StartDate,
                s.EndDate,
                s.EndDate is null || s.EndDate >= today,
                s.SiteId is not null && sites.TryGetValue(s.SiteId, out var location) ? location : null,
                LocationTier(s.SubTypeId)))],
            [.. malformed.Select(m => MalformedPurchase.Of(SubscriptionKind, m))]);
    }

    /// <summary>The subscription types of the configured groups, each the Alt ID of the package it needs.</summary>
    public async Task<IReadOnlyList<CatalogItem>> ReadCatalogAsync(CancellationToken cancellationToken = default) =>
        [.. (await client.GetSubscriptionTypesAsync(integration.SubscriptionTypeGroupIds, cancellationToken).ConfigureAwait(false))
            .Select(t => new CatalogItem("subscriptionType", t.SubTypeId, t.Description, t.SubTypeId))];

    /// <summary>LoginMember with the configured identification and validation types (PIN | Password | SecurePassword).</summary>
    public Task<string?> VerifyAsync(string userName, string password, CancellationToken cancellationToken = default) =>
        client.LoginMemberAsync(integration.LoginIdentificationType, userName, integration.ValidationType, password, cancellationToken);

    private SourceMember ToMember(GladstoneMemberRecord m) => new(
        m.MemberId,
        m.FirstName,
        m.LastName,
        m.Email,
        m.DateOfBirth,
        m.SiteId,
        m.IsDeleted ? "DELETED" : m.StatusId,
        null,
        m.IsDeleted && integration.DeleteOnIsDeleted);
}
