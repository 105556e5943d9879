using System.Globalization;

namespace Fisikal.Sync.Core.Sources.PerfectGymClassic;

/// <summary>
/// PerfectGym classic as a source, declared over OData entity sets: what each stream reads (its set and filter),
/// how it pages and where it resumes. Change feeds page by their own key, never by the server's nextLink: the next
/// page is <c>version gt</c> the highest version the page held, in version order, so a row changed while paging
/// comes again later and none is skipped, whether the server's nextLinks are keyset (<c>$skiptoken</c>) or
/// positional (<c>$skip</c>, ASP.NET OData's default, which loses a row when another moves). A nextLink only says
/// that more rows follow. Seed 000:
/// a payment plan is the package <c>payment_plan_&lt;id&gt;</c>, a member product <c>product_&lt;id&gt;</c>; club
/// numbers (PGM club ids) map locations; club visits are door access.
/// </summary>
public sealed class PerfectGymClassicSource(PerfectGymClassicClient client, TimeProvider time) : IMemberSource, IPurchaseSource, IChangeFeed, ICatalogSource, ICredentialVerifier
{
    private const string ByVersion = "&$orderby=version";
    private const string ContractKind = "contract";
    private const string ProductKind = "product";

    public IReadOnlyList<string> PurchaseStreams { get; } = [PerfectGymClassicEndpoints.Contracts, PerfectGymClassicEndpoints.MemberProducts];

    public IReadOnlyList<string> PurchaseEndpoints => PurchaseStreams;

    /// <summary>The initial sync: every member, deleted ones flagged, in version order from the start (a complete roster).</summary>
    public async Task<MemberPage> ReadMembersAsync(string? cursor, string runId, CancellationToken cancellationToken = default)
    {
        var page = await ReadMemberChangesAsync(cursor, cancellationToken).ConfigureAwait(false);
        return new MemberPage(page.Items, page.Malformed, page.Next, RosterComplete: true);
    }

    /// <summary>Version cursors hold nothing at the source.</summary>
    public Task AcknowledgeAsync(string acknowledgement, CancellationToken cancellationToken = default) => Task.CompletedTask;

    public async Task<SourceMember?> ReadMemberAsync(string memberId, CancellationToken cancellationToken = default)
    {
        if (!long.TryParse(memberId, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            return null;
        }

        var page = await client.GetPageAsync<PerfectGymClassicMember>($"{PerfectGymClassicEndpoints.Members}?$filter=id eq {Id(id)}", PerfectGymClassicEndpoints.Members, cancellationToken).ConfigureAwait(false);
        if (page.Malformed.Count > 0)
        {
            // The member is there but can't be read: that is not "no such member".
            throw new PerfectGymClassicException(client.Integration, System.Net.HttpStatusCode.OK, null, $"Member {Id(id)} could not be read: {page.Malformed[0].Reason}");
        }

        return page.Records.Count == 0 ? null : ToMember(page.Records[0]);
    }

    /// <summary>PGM's credential check (the v1 <c>Users/ValidateCredentials</c>): the member id, or null for wrong credentials.</summary>
    public async Task<string?> VerifyAsync(string userName, string password, CancellationToken cancellationToken = default) =>
        await client.ValidateCredentialsAsync(userName, password, cancellationToken).ConfigureAwait(false) is { } id ? Id(id) : null;

    public async Task<FeedPage<SourceMember>> ReadMemberChangesAsync(string? cursor, CancellationToken cancellationToken = default)
    {
        var query = cursor ?? After(PerfectGymClassicEndpoints.Members, 0);
        var page = await client.GetPageAsync<PerfectGymClassicMember>(query, PerfectGymClassicEndpoints.Members, cancellationToken).ConfigureAwait(false);
        return Feed(page, [.. page.Records.Select(ToMember)], query, PerfectGymClassicEndpoints.Members);
    }

    public async Task<FeedPage<string>> ReadPurchaseChangesAsync(string stream, string? cursor, CancellationToken cancellationToken = default)
    {
        var query = cursor ?? After(stream, 0);
        if (stream == PerfectGymClassicEndpoints.Contracts)
        {
            var page = await client.GetPageAsync<PerfectGymClassicContract>(query, stream, cancellationToken).ConfigureAwait(false);
            return Feed(page, Ids(page.Records.Select(c => c.MemberId)), query, stream);
        }

        if (stream == PerfectGymClassicEndpoints.MemberProducts)
        {
            var page = await client.GetPageAsync<PerfectGymClassicMemberProduct>(query, stream, cancellationToken).ConfigureAwait(false);
            return Feed(page, Ids(page.Records.Select(p => p.MemberId)), query, stream);
        }

        throw new ArgumentException($"PerfectGym classic has no purchase stream '{stream}'.", nameof(stream));
    }

    public async Task<FeedPage<SourceVisit>> ReadVisitChangesAsync(string? cursor, DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        var query = cursor ?? $"{PerfectGymClassicEndpoints.MemberClubVisits}?$filter=enterDate ge {since.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)}{ByVersion}";
        var page = await client.GetPageAsync<PerfectGymClassicClubVisit>(query, PerfectGymClassicEndpoints.MemberClubVisits, cancellationToken).ConfigureAwait(false);
        var visits = page.Records.Select(v => new SourceVisit(Id(v.Id), Id(v.MemberId), v.EnterDate, Id(v.ClubId))).ToList();
        return Feed(page, visits, query, PerfectGymClassicEndpoints.MemberClubVisits);
    }

    /// <summary>Version cursors need no acknowledgement.</summary>
    public Task CommitAsync(string stream, string checkpoint, CancellationToken cancellationToken = default) => Task.CompletedTask;

    public async Task<string> CurrentCursorAsync(string stream, CancellationToken cancellationToken = default)
    {
        var set = stream == IChangeFeed.MembersStream ? PerfectGymClassicEndpoints.Members : stream;
        var newest = await client.GetPageAsync<Versioned>($"{set}?$orderby=version desc&$top=1", set, cancellationToken).ConfigureAwait(false);
        return After(set, newest.Records.Count == 0 ? 0 : newest.Records[0].Version);
    }

    /// <summary>A member's contracts and member products (two requests; a long history follows nextLinks).</summary>
    public async Task<PurchaseRead> ReadPurchasesAsync(string memberId, CancellationToken cancellationToken = default)
    {
        if (!long.TryParse(memberId, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            // Not a member id at all: nothing was read, so nothing of the member's may be expired.
            return new PurchaseRead([], [new MalformedPurchase(new MalformedRecord(memberId, "A PerfectGym classic member id is a number."), null)]);
        }

        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var filter = $"?$filter=memberId eq {Id(id)}&$orderby=id";
        var purchases = new List<SourcePurchase>();
        var malformed = new List<MalformedPurchase>();
        await foreach (var page in AllPagesAsync<PerfectGymClassicContract>(PerfectGymClassicEndpoints.Contracts + filter, PerfectGymClassicEndpoints.Contracts, cancellationToken).ConfigureAwait(false))
        {
            // A purchase deleted at the source assigns nothing: left out, a row already written for it becomes Expired.
            purchases.AddRange(page.Records.Where(c => !c.IsDeleted).Select(c => ToPurchase(c, today)));
            malformed.AddRange(page.Malformed.Select(m => MalformedPurchase.Of(ContractKind, m)));
        }

        await foreach (var page in AllPagesAsync<PerfectGymClassicMemberProduct>(PerfectGymClassicEndpoints.MemberProducts + filter, PerfectGymClassicEndpoints.MemberProducts, cancellationToken).ConfigureAwait(false))
        {
            purchases.AddRange(page.Records.Where(p => !p.IsDeleted).Select(p => ToPurchase(p, today)));
            malformed.AddRange(page.Malformed.Select(m => MalformedPurchase.Of(ProductKind, m)));
        }

        return new PurchaseRead(purchases, malformed);
    }

    /// <summary>Payment plans and products with the Alt IDs seed 000 asks operators to create.</summary>
    public async Task<IReadOnlyList<CatalogItem>> ReadCatalogAsync(CancellationToken cancellationToken = default)
    {
        var items = new List<CatalogItem>();
        await foreach (var page in AllPagesAsync<PerfectGymClassicCatalogEntry>(PerfectGymClassicEndpoints.PaymentPlans + "?$orderby=id", PerfectGymClassicEndpoints.PaymentPlans, cancellationToken).ConfigureAwait(false))
        {
            items.AddRange(page.Records.Select(p => new CatalogItem("paymentPlan", Id(p.Id), p.Name, PaymentPlanAltId(p.Id))));
        }

        // Products have no version: paged by id.
        await foreach (var page in AllPagesAsync<PerfectGymClassicCatalogEntry>(PerfectGymClassicEndpoints.Products + "?$orderby=id", PerfectGymClassicEndpoints.Products, cancellationToken).ConfigureAwait(false))
        {
            items.AddRange(page.Records.Select(p => new CatalogItem("product", Id(p.Id), p.Name, ProductAltId(p.Id))));
        }

        return items;
    }

    public static string PaymentPlanAltId(long paymentPlanId) => "payment_plan_" + Id(paymentPlanId);

    public static string ProductAltId(long productId) => "product_" + Id(productId);

    /// <summary>
    /// PGM's member as a source member. Status: DELETED when isDeleted, INACTIVE when isActive is false, otherwise
    /// the member type in capitals (MEMBER, GUEST...), so the default active status list (MEMBER) keeps guests out.
    /// </summary>
    internal static SourceMember ToMember(PerfectGymClassicMember m) => new(
        Id(m.Id),
        m.FirstName,
        m.LastName,
        m.Email,
        Date(m.Birthdate),
        m.HomeClubId is { } club ? Id(club) : null,
        m.IsDeleted ? "DELETED" : m.IsActive == false ? "INACTIVE" : (m.MemberType ?? "Member").ToUpperInvariant(),
        m.CreatedDate,
        m.IsDeleted,
        m.Version);

    private static SourcePurchase ToPurchase(PerfectGymClassicContract c, DateOnly today)
    {
        var end = Date(c.EndDate);
        var cancelled = Date(c.CancelDate) is { } cancel && cancel <= today;
        var running = c.IsActive != false && !cancelled && (end is null || end >= today)
                      && c.Status is not ("Ended" or "Cancelled" or "Terminated" or "Rejected");
        return new SourcePurchase(ContractKind, Id(c.Id), [PaymentPlanAltId(c.PaymentPlanId)], Date(c.StartDate), end, running);
    }

    private static SourcePurchase ToPurchase(PerfectGymClassicMemberProduct p, DateOnly today)
    {
        var expiry = Date(p.ExpiryDate);
        return new SourcePurchase(ProductKind, Id(p.Id), [ProductAltId(p.ProductId)], Date(p.PurchaseDate), expiry, expiry is null || expiry >= today);
    }

    /// <summary>Every page of a small set (a member's purchases, the catalog) by its nextLinks; a link met twice would loop: refused.</summary>
    private async IAsyncEnumerable<ODataPage<T>> AllPagesAsync<T>(string query, string endpoint, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var followed = new HashSet<string>(StringComparer.Ordinal);
        for (string? next = query; next is not null;)
        {
            if (!followed.Add(next))
            {
                throw new PerfectGymClassicException(client.Integration, System.Net.HttpStatusCode.OK, null, $"{endpoint}: the nextLink '{next}' came back again; paging would never end.");
            }

            var page = await client.GetPageAsync<T>(next, endpoint, cancellationToken).ConfigureAwait(false);
            yield return page;
            next = page.NextLink;
        }
    }

    /// <summary>
    /// A page as a feed page: both the next page of this pass and a later pass read after the page's highest version
    /// (malformed rows included). A server that says more follows while the version did not move would loop: refused.
    /// </summary>
    private FeedPage<T> Feed<T, TRecord>(ODataPage<TRecord> page, IReadOnlyList<T> items, string query, string set)
    {
        var checkpoint = page.HighestVersion is { } highest ? After(set, highest) : query;
        if (page.NextLink is not null && checkpoint == query)
        {
            throw new PerfectGymClassicException(client.Integration, System.Net.HttpStatusCode.OK, null,
                $"{set}: the server says more rows follow '{query}' but the page held no row with a version to continue after; paging would never end.");
        }

        return new FeedPage<T>(items, page.Malformed, page.NextLink is null ? null : checkpoint, checkpoint);
    }

    private sealed record Versioned(long Version);

    private static string After(string set, long version) => $"{set}?$filter=version gt {Id(version)}{ByVersion}";

    private static List<string> Ids(IEnumerable<long> ids) => [.. ids.Distinct().Select(Id)];

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    /// <summary>PGM sends dates as date-times; the date is the one written, whatever the offset.</summary>
    private static DateOnly? Date(DateTimeOffset? value) => value is { } v ? DateOnly.FromDateTime(v.DateTime) : null;
}
