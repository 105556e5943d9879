using Fisikal.Sync.Core.Storage;
using System.Globalization;
using System.Net;
using Fisikal.Sync.Core.Integrations;
using Fisikal.Sync.Core.Sources;
using Fisikal.Sync.Core.Sources.PerfectGymClassic;
using Fisikal.Sync.Core.Sources.Resilience;
using Fisikal.Sync.Core.Sync;
using Fisikal.Sync.Core.Sync.Notifications;
using Fisikal.Sync.Simulators.PerfectGymClassic;
using Fisikal.Sync.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace Fisikal.Sync.Tests.Sources;

/// <summary>The PerfectGym classic connector against the PGM simulator over 127.0.0.1: OData paging, version cursors, errors, credentials.</summary>
public sealed class PerfectGymClassicSourceTests : IAsyncLifetime
{
    private PerfectGymClassicSimulator _club = null!;
    private SyncStorage _storage = null!;

    public async Task InitializeAsync()
    {
        _club = await PerfectGymClassicSimulator.StartAsync(new PerfectGymClassicSimulatorOptions { Members = 20, PageSize = 7 });
        var storage = await AzuriteServer.StorageAsync();
        _storage = storage;
    }

    public async Task DisposeAsync()
    {
        await _club.DisposeAsync();
    }

    [Fact]
    public async Task Members_come_in_version_order_over_nextLinks_and_one_changed_while_paging_is_seen_again_later()
    {
        var source = Source();
        var first = _club.Store.Query(PerfectGymClassicStore.Members, _ => true, "version")[0]["id"]!.GetValue<long>();
        var changed = false;
        _club.Faults.BetweenPages = set =>
        {
            if (!changed && set == PerfectGymClassicStore.Members)
            {
                changed = true;
                _club.Store.Update(PerfectGymClassicStore.Members, first, row => row["lastName"] = "Renamed");
            }
        };

        var seen = new List<SourceMember>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await source.ReadMembersAsync(cursor, "run");
            seen.AddRange(page.Members);
            cursor = page.NextCursor;
            pages++;
        }
        while (cursor is not null);

        Assert.Equal(3, pages); // 20 members and 1 change met again: 21 rows, 7 a page
        Assert.Equal(21, seen.Count);
        Assert.Equal(20, seen.Select(m => m.Id).Distinct().Count());
        var last = seen.Last(m => m.Id == Id(first));
        Assert.Equal("Renamed", last.LastName);
        Assert.Equal(Id(first), seen[0].Id);
    }

    [Fact]
    public async Task With_skip_nextLinks_a_row_changed_while_paging_makes_no_other_row_lost()
    {
        await _club.DisposeAsync();
        _club = await PerfectGymClassicSimulator.StartAsync(new PerfectGymClassicSimulatorOptions { Members = 20, PageSize = 7, SkipNextLinks = true });
        var changeOnce = false;
        _club.Faults.BetweenPages = set =>
        {
            if (changeOnce && set == PerfectGymClassicStore.Members)
            {
                changeOnce = false;
                var oldest = _club.Store.Query(PerfectGymClassicStore.Members, _ => true, "version")[0]["id"]!.GetValue<long>();
                _club.Store.Update(PerfectGymClassicStore.Members, oldest, row => row["lastName"] = "Renamed");
            }
        };

        // The server's own $skip nextLinks lose a row when another moves to the end while paging: the trap is real.
        changeOnce = true;
        using (var raw = new HttpClient())
        {
            raw.DefaultRequestHeaders.Add("X-Client-Id", _club.Options.ClientId);
            raw.DefaultRequestHeaders.Add("X-Client-Secret", _club.Options.ClientSecret);
            var ids = new HashSet<long>();
            for (string? next = _club.BaseUrl.AbsoluteUri.TrimEnd('/') + "/Api/v2.2/odata/Members?$filter=version gt 0&$orderby=version"; next is not null;)
            {
                var page = System.Text.Json.Nodes.JsonNode.Parse(await raw.GetStringAsync(new Uri(next)))!;
                ids.UnionWith(page["value"]!.AsArray().Select(m => m!["id"]!.GetValue<long>()));
                next = page["@odata.nextLink"]?.GetValue<string>();
            }

            Assert.Equal(19, ids.Count);
        }

        // Our change feed pages by version, never by the nextLink: every member, the moved one again at the end.
        changeOnce = true;
        var seen = new List<SourceMember>();
        string? cursor = null;
        do
        {
            var page = await Source().ReadMembersAsync(cursor, "run");
            seen.AddRange(page.Members);
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        Assert.Equal(20, seen.Select(m => m.Id).Distinct().Count());
        Assert.Equal("Renamed", seen[^1].LastName);
    }

    [Fact]
    public async Task A_server_whose_nextLink_comes_back_again_is_refused_with_a_clear_error_instead_of_spinning()
    {
        // A club whose Contracts always answer with a link to the same next page.
        var (stub, address) = await Simulators.Processes.LoopbackWebApp.StartAsync(web => Microsoft.AspNetCore.Builder.RunExtensions.Run(web, context =>
        {
            var root = $"{context.Request.Scheme}://{context.Request.Host}/Api/v2.2/odata/";
            context.Response.ContentType = "application/json";
            var body = context.Request.Path.Value!.EndsWith("/Contracts", StringComparison.Ordinal)
                ? $$"""{"value":[{"id":7,"version":3,"memberId":5,"paymentPlanId":21}],"@odata.nextLink":"{{root}}Contracts?$skiptoken=7"}"""
                : """{"value":[]}""";
            return Microsoft.AspNetCore.Http.HttpResponseWritingExtensions.WriteAsync(context.Response, body);
        }));
        await using var _ = stub;
        var source = new PerfectGymClassicSource(GetPerfectGymClassicClient(Integration(baseUrl: new Uri(address.AbsoluteUri.TrimEnd('/')))), TimeProvider.System);

        var loop = await Assert.ThrowsAsync<PerfectGymClassicException>(() => source.ReadPurchasesAsync("5"));

        Assert.Contains("came back again", loop.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_checkpoint_resumes_after_the_page_and_later_changes_deletes_included_come_next()
    {
        var feed = (IChangeFeed)Source();
        string? cursor = null;
        FeedPage<SourceMember> page;
        do
        {
            page = await feed.ReadMemberChangesAsync(cursor);
            cursor = page.Next;
        }
        while (cursor is not null);

        var victim = _club.Store.Query(PerfectGymClassicStore.Members, _ => true, "id")[3]["id"]!.GetValue<long>();
        _club.Store.Delete(PerfectGymClassicStore.Members, victim);
        var added = _club.Store.AddMember("New", "Member", "new@example.test", new DateOnly(1990, 5, 6), 2);

        var changes = await feed.ReadMemberChangesAsync(page.Checkpoint);

        Assert.Equal([Id(victim), Id(added["id"]!.GetValue<long>())], changes.Items.Select(m => m.Id));
        Assert.True(changes.Items[0].Deleted);
        Assert.Equal("DELETED", changes.Items[0].SourceStatus);
        Assert.Equal(new DateOnly(1990, 5, 6), changes.Items[1].DateOfBirth);
        Assert.Equal("2", changes.Items[1].HomeClubNumber);
        Assert.Null(changes.Next);
        Assert.Empty((await feed.ReadMemberChangesAsync(changes.Checkpoint)).Items);
    }

    [Fact]
    public async Task Purchases_are_payment_plan_and_product_alt_ids_with_their_dates()
    {
        var member = _club.Store.AddMember("Pat", "Plan", "pat@example.test", null, 1)["id"]!.GetValue<long>();
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var contract = _club.Store.AddContract(member, 24, today.AddDays(-10));
        var ended = _club.Store.AddContract(member, 21, today.AddDays(-400), today.AddDays(-35), "Ended");
        var product = _club.Store.AddMemberProduct(member, 26, today.AddDays(-5), today.AddDays(25));
        var expired = _club.Store.AddMemberProduct(member, 27, today.AddDays(-60), today.AddDays(-1));

        var read = await Source().ReadPurchasesAsync(Id(member));

        var purchases = read.Purchases!.ToDictionary(p => $"{p.Kind}:{p.SourceId}");
        Assert.Equal(4, purchases.Count);
        var running = purchases[$"contract:{contract["id"]}"];
        Assert.Equal(["payment_plan_24"], running.AltIdCandidates);
        Assert.Equal(today.AddDays(-10), running.StartDate);
        Assert.Null(running.EndDate);
        Assert.True(running.Running);
        Assert.False(purchases[$"contract:{ended["id"]}"].Running);
        var addOn = purchases[$"product:{product["id"]}"];
        Assert.Equal(["product_26"], addOn.AltIdCandidates);
        Assert.Equal(today.AddDays(25), addOn.EndDate);
        Assert.True(addOn.Running);
        Assert.False(purchases[$"product:{expired["id"]}"].Running);
    }

    [Fact]
    public async Task The_catalog_lists_payment_plans_and_products_with_their_alt_ids_and_products_are_paged_by_id()
    {
        var catalog = await Source().ReadCatalogAsync();

        Assert.Equal(PerfectGymClassicStore.SeededPaymentPlans.Select(p => $"payment_plan_{p.Id}").Concat(PerfectGymClassicStore.SeededProducts.Select(p => $"product_{p.Id}")), catalog.Select(i => i.AltId));
        Assert.Equal("Gold 12 months", catalog[0].Name);
        Assert.Equal("paymentPlan", catalog[0].Kind);
        Assert.Equal("product", catalog[^1].Kind);

        // PGM refuses a version filter on a set without versions, and the client says so.
        var client = GetPerfectGymClassicClient(Integration());
        var refused = await Assert.ThrowsAsync<PerfectGymClassicException>(() => client.GetPageAsync<PerfectGymClassicCatalogEntry>("Products?$filter=version gt 0", PerfectGymClassicEndpoints.Products));
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Equal("InvalidFilter", refused.ErrorCode);
    }

    [Fact]
    public async Task A_malformed_member_is_reported_with_its_id_and_the_rest_of_the_page_is_used()
    {
        var bad = _club.Store.Query(PerfectGymClassicStore.Members, _ => true, "version")[2]["id"]!.GetValue<long>();
        _club.MarkMalformed(bad);

        var page = await Source().ReadMembersAsync(null, "run");

        Assert.Equal(6, page.Members.Count);
        var malformed = Assert.Single(page.Malformed);
        Assert.Equal(Id(bad), malformed.SourceId);
        Assert.Contains("Members", malformed.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_client_secret_is_a_configuration_error_that_never_shows_the_secret()
    {
        var wrong = Integration(secret: "not-the-secret-3f9a");
        var source = new PerfectGymClassicSource(GetPerfectGymClassicClient(wrong), TimeProvider.System);

        var error = await Assert.ThrowsAsync<PerfectGymClassicException>(() => source.ReadMembersAsync(null, "run"));

        Assert.True(error.IsConfigurationError);
        Assert.Contains("ClientSecret", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-secret-3f9a", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(_club.Options.ClientSecret, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Credentials_are_checked_with_ValidateCredentials_and_an_outage_fails_fast()
    {
        var client = GetPerfectGymClassicClient(Integration());
        var member = _club.Store.Query(PerfectGymClassicStore.Members, _ => true, "id")[0]["id"]!.GetValue<long>();
        _club.Store.SetCredentials("pat@example.test", "correct horse", member);

        Assert.Equal(member, await client.ValidateCredentialsAsync("pat@example.test", "correct horse"));
        Assert.Null(await client.ValidateCredentialsAsync("pat@example.test", "wrong"));
        Assert.Null(await client.ValidateCredentialsAsync("nobody@example.test", "correct horse"));

        _club.Faults.Down = true;
        var checks = _club.RequestCounts.GetValueOrDefault("POST ValidateCredentials");
        var down = await Assert.ThrowsAsync<PerfectGymClassicException>(() => client.ValidateCredentialsAsync("pat@example.test", "correct horse"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, down.Status);
        Assert.Equal(checks + 1, _club.RequestCounts.GetValueOrDefault("POST ValidateCredentials")); // one attempt, not retried
    }

    private PerfectGymClassicSource Source() => new(GetPerfectGymClassicClient(Integration()), TimeProvider.System);

    private PerfectGymClassicClient GetPerfectGymClassicClient(IntegrationOptions integration) => new PerfectGymClassicClientFactory(SourceHttp.For(_storage, integration)).Get(integration);

    private IntegrationOptions Integration(string? secret = null, Uri? baseUrl = null) => new()
    {
        Name = AzuriteServer.UniqueName("pgm"),
        Kind = IntegrationKind.PerfectGymClassic,
        BaseUrl = baseUrl ?? _club.BaseUrl,
        ClientId = _club.Options.ClientId,
        ClientSecret = secret ?? _club.Options.ClientSecret,
        Resilience = new ResilienceOptions { BaseBackoff = TimeSpan.FromMilliseconds(10), MaxRetries = 1 },
    };

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);
}
