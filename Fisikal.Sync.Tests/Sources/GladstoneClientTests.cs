using Fisikal.Sync.Core.Storage;
using Fisikal.Sync.Core.Integrations;
using Fisikal.Sync.Core.Sources;
using Fisikal.Sync.Core.Sources.Gladstone;
using Fisikal.Sync.Core.Sources.Resilience;
using Fisikal.Sync.Core.Sync;
using Fisikal.Sync.Core.Sync.Changes;
using Fisikal.Sync.Core.Sync.Notifications;
using Fisikal.Sync.Simulators.Gladstone;
using Fisikal.Sync.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Fisikal.Sync.Tests.Sources;

/// <summary>
/// The Gladstone client against the SOAP simulator, and the change feed's commit contract in the sync. No Gladstone schema,
/// WSDL or example is public: the simulator is built from our research notes alone (Published/README.md), so these show the
/// client and the simulator agree, not that either matches a real Gladstone service.
/// </summary>
public sealed class GladstoneClientTests : IAsyncLifetime
{
    private GladstoneSimulator _service = null!;
    private SyncStorage _storage = null!;

    public async Task InitializeAsync()
    {
        _service = await GladstoneSimulator.StartAsync(new GladstoneSimulatorOptions { Members = 5 });
        var storage = await AzuriteServer.StorageAsync();
        _storage = storage;
    }

    public async Task DisposeAsync()
    {
        await _service.DisposeAsync();
    }

    [Fact]
    public async Task Uncommitted_changes_come_back_and_after_a_commit_only_new_ones_do()
    {
        var client = Client();
        var (first, _, run1) = await client.GetMemberChangesAsync("Fisikal", 0);
        var (again, _, run2) = await client.GetMemberChangesAsync("Fisikal", run1);
        Assert.Equal(5, first.Count);
        Assert.Equal(first.Select(m => m.MemberId), again.Select(m => m.MemberId)); // not committed: the same come back
        Assert.NotEqual(run1, run2);

        await client.CommitMemberChangesAsync("Fisikal", run2);
        _service.Store.Update(first[2].MemberId, m => m with { LastName = "Changed" });
        var (changes, _, _) = await client.GetMemberChangesAsync("Fisikal", run2);

        Assert.Equal([first[2].MemberId], changes.Select(m => m.MemberId));
        Assert.Equal("Changed", changes[0].LastName);

        // Another system has its own feed: everything, since it never committed.
        Assert.Equal(5, (await client.GetMemberChangesAsync("another-system", 0)).Members.Count);
    }

    [Fact]
    public async Task A_member_whose_id_cannot_be_a_key_is_quarantined_and_the_rest_are_read()
    {
        _service.Store.Upsert(new GladstoneMember { MemberId = "GM/BAD", FirstName = "Slash" });

        var (members, malformed, _) = await Client().GetMemberChangesAsync("Fisikal", 0);

        Assert.Equal(5, members.Count);
        Assert.Equal("GM/BAD", Assert.Single(malformed).SourceId);
    }

    [Fact]
    public async Task The_sync_commits_a_feed_page_only_after_its_writes_and_not_when_they_fail()
    {
        await using var app = await SyncApp.StartAsync(customers: 0);
        var sync = app.Services.GetRequiredService<ChangeFeedSync>();
        var integration = app.Services.GetRequiredService<IntegrationRegistry>().Get(SyncApp.Integration);
        var failing = new RecordingFeed(new SourceMember("bad\u0001id", "A", "B", null, null, null, "MEMBER", null));

        await Assert.ThrowsAnyAsync<ArgumentException>(() => sync.SyncClientsAsync(integration, failing));
        Assert.Empty(failing.Commits);
        Assert.Null(await sync.CursorAsync(integration.Name, IChangeFeed.MembersStream));

        var working = new RecordingFeed(new SourceMember("m-1", "Good", "Member", null, null, null, "MEMBER", null));
        await sync.SyncClientsAsync(integration, working);
        Assert.Equal(["members:run-7"], working.Commits);
        Assert.Equal("run-7", await sync.CursorAsync(integration.Name, IChangeFeed.MembersStream));
        Assert.NotNull(await app.Table(TableNames.Clients).GetEntityOrNullAsync(integration.Name, "m-1"));

        // A feed whose next page is always the same cursor would spin: the pass stops with a clear error.
        var looping = new RecordingFeed(new SourceMember("m-2", "Loop", "Member", null, null, null, "MEMBER", null), next: "same");
        var loop = await Assert.ThrowsAsync<InvalidOperationException>(() => sync.SyncClientsAsync(integration, looping));
        Assert.Contains("came back to cursor 'same'", loop.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1990-05-04T00:00:00+02:00")]
    [InlineData("1990-05-04T00:00:00-05:00")]
    [InlineData("1990-05-04T00:00:00Z")]
    [InlineData("1990-05-04")]
    public async Task A_date_of_birth_is_the_date_as_written_whatever_its_offset(string written)
    {
        await using var stub = await SoapStub.StartAsync(MemberChanges($"<MemberID>GM1</MemberID><StatusID>Active</StatusID><DateOfBirth>{written}</DateOfBirth>"));

        var (members, malformed, _) = await Client(stub.BaseUrl).GetMemberChangesAsync("Fisikal", 0);

        Assert.Empty(malformed);
        Assert.Equal(new DateOnly(1990, 5, 4), Assert.Single(members).DateOfBirth);
    }

    [Fact]
    public async Task An_answer_with_a_dtd_is_refused_not_expanded()
    {
        const string laughs = """
            <?xml version="1.0"?>
            <!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
            <soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><GetMemberChangesResponse xmlns="http://www.gladstonemrm.com/memberwebservice/"><GetMemberChangesResult><MemberChange><MemberID>&lol3;</MemberID></MemberChange></GetMemberChangesResult></GetMemberChangesResponse></soap:Body></soap:Envelope>
            """;
        await using var stub = await SoapStub.StartAsync(laughs);

        var refused = await Assert.ThrowsAsync<GladstoneException>(() => Client(stub.BaseUrl).GetMemberChangesAsync("Fisikal", 0));
        Assert.Contains("DTD", refused.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_fault_is_read_as_safely_as_any_answer_an_entity_can_not_make_it_a_client_fault()
    {
        // The faultcode comes only by expanding an entity: read with DTDs prohibited, it is no client fault, so the 500
        // stays a server error (and the client then refuses the DTD too).
        const string fault = """
            <?xml version="1.0"?>
            <!DOCTYPE e [<!ENTITY client "soap:Client">]>
            <soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><soap:Fault><faultcode>&client;</faultcode><faultstring>x</faultstring></soap:Fault></soap:Body></soap:Envelope>
            """;
        await using var stub = await SoapStub.StartAsync(fault, status: 500);

        var error = await Assert.ThrowsAsync<GladstoneException>(() => Client(stub.BaseUrl).GetMemberChangesAsync("Fisikal", 0));

        Assert.Equal(System.Net.HttpStatusCode.InternalServerError, error.Status);
        Assert.Contains("DTD", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_subscription_whose_ref_cannot_be_a_key_is_a_malformed_purchase_not_a_failed_write()
    {
        var member = _service.Store.Members()[0].MemberId;
        var bad = _service.Store.AddSubscription(member, "PTPK", new DateOnly(2026, 1, 1), null, "S01").SubscriptionRef.ToString(System.Globalization.CultureInfo.InvariantCulture);
        _service.AlterSubscription = e =>
        {
            var reference = e.Element(GladstoneSimulator.Ns + "SubscriptionRef")!;
            if (reference.Value == bad)
            {
                reference.Value = "77/" + bad;
            }
        };
        var storage = await AzuriteServer.StorageAsync();
        var integration = Integration(_service.BaseUrl);
        var source = new GladstoneSource(GetGladstoneClient(integration), integration, new Core.Sync.Locations.LocationDirectory(storage, TimeProvider.System), TimeProvider.System);

        var read = await source.ReadPurchasesAsync(member);

        Assert.DoesNotContain(read.Purchases!, p => p.SourceId.Contains('/', StringComparison.Ordinal));
        var quarantined = Assert.Single(read.Malformed);
        Assert.Contains("SubscriptionRef can't be a table key", quarantined.Record.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void The_access_cursor_stays_small_however_busy_the_overlap_newest_ids_kept()
    {
        var latest = new DateTimeOffset(2026, 12, 7, 18, 0, 0, TimeSpan.Zero);
        var ids = Enumerable.Range(0, 20_000).Select(i => $"ACCESS-{20_000 - i:D9}").ToList(); // newest first

        var cursor = AccessCursor.Format(latest, ids);
        var (parsedLatest, seen) = AccessCursor.Parse(cursor);

        Assert.True(cursor.Length <= AccessCursor.MaxLength, $"{cursor.Length} characters");
        Assert.Equal(latest, parsedLatest);
        Assert.Contains(ids[0], seen);
        Assert.DoesNotContain(ids[^1], seen);
        Assert.Equal(ids.Take(seen.Count), seen.Order(StringComparer.Ordinal).Reverse());
    }

    [Fact]
    public async Task A_door_access_recorded_late_is_still_read_and_one_read_twice_is_dropped()
    {
        var source = new GladstoneSource(Client(), Integration(_service.BaseUrl), null!, TimeProvider.System);
        var member = _service.Store.Members()[0].MemberId;
        var now = DateTimeOffset.UtcNow;
        var first = _service.Store.AddAccess(member, "S01", now.AddMinutes(-2));
        var page = await source.ReadVisitChangesAsync(null, now.AddHours(-1));
        Assert.Equal([first.AccessId.ToString(System.Globalization.CultureInfo.InvariantCulture)], page.Items.Select(v => v.Id));

        // A turnstile uploads late: this swipe happened before the last one read.
        var late = _service.Store.AddAccess(member, "S02", now.AddMinutes(-5));
        var next = await source.ReadVisitChangesAsync(page.Checkpoint, now.AddHours(-1));

        Assert.Equal([late.AccessId.ToString(System.Globalization.CultureInfo.InvariantCulture)], next.Items.Select(v => v.Id));
    }

    private static string MemberChanges(string memberXml) => $"""
        <?xml version="1.0" encoding="utf-8"?>
        <soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><GetMemberChangesResponse xmlns="http://www.gladstonemrm.com/memberwebservice/"><GetMemberChangesResult><MemberChange>{memberXml}</MemberChange></GetMemberChangesResult><runId>7</runId></GetMemberChangesResponse></soap:Body></soap:Envelope>
        """;

    private GladstoneClient Client(Uri? baseUrl = null) => GetGladstoneClient(Integration(baseUrl ?? _service.BaseUrl));

    private GladstoneClient GetGladstoneClient(IntegrationOptions integration) => new GladstoneClientFactory(SourceHttp.For(_storage, integration)).Get(integration);

    private IntegrationOptions Integration(Uri baseUrl) => new()
    {
        Name = AzuriteServer.UniqueName("gp"),
        Kind = IntegrationKind.Gladstone,
        BaseUrl = baseUrl,
        Username = _service.Options.Username,
        Password = _service.Options.Password,
        AppName = _service.Options.AppName,
        Resilience = new ResilienceOptions { MaxRetries = 1, BaseBackoff = TimeSpan.FromMilliseconds(10) },
    };

    /// <summary>A SOAP service on 127.0.0.1 that answers every call with one fixed body.</summary>
    private sealed class SoapStub(Microsoft.AspNetCore.Builder.WebApplication app, Uri baseUrl) : IAsyncDisposable
    {
        public Uri BaseUrl { get; } = baseUrl;

        public static async Task<SoapStub> StartAsync(string answer, int status = 200)
        {
            var (app, address) = await Simulators.Processes.LoopbackWebApp.StartAsync(web =>
                Microsoft.AspNetCore.Builder.RunExtensions.Run(web, context =>
                {
                    context.Response.StatusCode = status;
                    context.Response.ContentType = "text/xml; charset=utf-8";
                    return Microsoft.AspNetCore.Http.HttpResponseWritingExtensions.WriteAsync(context.Response, answer.Trim());
                }));
            return new SoapStub(app, address);
        }

        public ValueTask DisposeAsync() => app.DisposeAsync();
    }

    /// <summary>A change feed of one page that records what it was told to commit.</summary>
    private sealed class RecordingFeed(SourceMember member, string? next = null) : IChangeFeed
    {
        public List<string> Commits { get; } = [];

        public IReadOnlyList<string> PurchaseStreams { get; } = [];

        public Task<FeedPage<SourceMember>> ReadMemberChangesAsync(string? cursor, CancellationToken cancellationToken = default) =>
            Task.FromResult(new FeedPage<SourceMember>([member], [], next, "run-7"));

        public Task CommitAsync(string stream, string checkpoint, CancellationToken cancellationToken = default)
        {
            Commits.Add($"{stream}:{checkpoint}");
            return Task.CompletedTask;
        }

        public Task<string> CurrentCursorAsync(string stream, CancellationToken cancellationToken = default) => Task.FromResult("0");

        public Task<FeedPage<string>> ReadPurchaseChangesAsync(string stream, string? cursor, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<FeedPage<SourceVisit>> ReadVisitChangesAsync(string? cursor, DateTimeOffset since, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    }
}
