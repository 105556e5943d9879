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

/// <summary>The Gladstone client against the SOAP simulator, and the change feed's commit contract in the sync.</summary>
public sealed class GladstoneClientTests : IAsyncLifetime
{
    private GladstoneSimulator _service = null!;
    private SourceHttpClients _http = null!;

    public async Task InitializeAsync()
    {
        _service = await GladstoneSimulator.StartAsync(new GladstoneSimulatorOptions { Members = 5 });
        var storage = new SyncStorage(await AzuriteServer.TablesAsync(), await AzuriteServer.QueuesAsync());
        await storage.EnsureCreatedAsync();
        _http = new SourceHttpClients(storage, new NotificationStore(storage, TimeProvider.System), TimeProvider.System, NullLoggerFactory.Instance);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
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
        var sync = app.Factory.Services.GetRequiredService<ChangeFeedSync>();
        var integration = app.Factory.Services.GetRequiredService<IntegrationRegistry>().Get(SyncApp.Integration);
        var failing = new RecordingFeed(new SourceMember("bad\u0001id", "A", "B", null, null, null, "MEMBER", null));

        await Assert.ThrowsAnyAsync<ArgumentException>(() => sync.SyncClientsAsync(integration, failing));
        Assert.Empty(failing.Commits);
        Assert.Null(await sync.CursorAsync(integration.Name, IChangeFeed.MembersStream));

        var working = new RecordingFeed(new SourceMember("m-1", "Good", "Member", null, null, null, "MEMBER", null));
        await sync.SyncClientsAsync(integration, working);
        Assert.Equal(["members:run-7"], working.Commits);
        Assert.Equal("run-7", await sync.CursorAsync(integration.Name, IChangeFeed.MembersStream));
        Assert.NotNull(await app.Table(TableNames.Clients).GetEntityIfExistsAsync(integration.Name, "m-1"));
    }

    private GladstoneClient Client() => new GladstoneClientFactory(_http).Get(new IntegrationOptions
    {
        Name = AzuriteServer.UniqueName("gp"),
        Kind = IntegrationKind.Gladstone,
        BaseUrl = _service.BaseUrl,
        Username = _service.Options.Username,
        Password = _service.Options.Password,
        AppName = _service.Options.AppName,
        RateLimit = new Core.Budgets.RateLimitOptions { Guard = TimeSpan.Zero },
    });

    /// <summary>A change feed of one page that records what it was told to commit.</summary>
    private sealed class RecordingFeed(SourceMember member) : IChangeFeed
    {
        public List<string> Commits { get; } = [];

        public IReadOnlyList<string> PurchaseStreams { get; } = [];

        public Task<FeedPage<SourceMember>> ReadMemberChangesAsync(string? cursor, CancellationToken cancellationToken = default) =>
            Task.FromResult(new FeedPage<SourceMember>([member], [], null, "run-7"));

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
