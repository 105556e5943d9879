using Fisikal.Sync.Core.Integrations;
using Fisikal.Sync.Core.Rules;
using Fisikal.Sync.Core.Sources;
using Azure.Data.Tables;
using Fisikal.Sync.Core.Storage;
using Fisikal.Sync.Core.Sync;
using Fisikal.Sync.Core.Sync.Clients;
using Fisikal.Sync.Core.Sync.Packages;
using Fisikal.Sync.Core.Sync.Locations;
using Fisikal.Sync.Tests.Infrastructure;

namespace Fisikal.Sync.Tests.Sync;

/// <summary>A write never replaces a newer source state with an older one (interleavings on Azurite).</summary>
public sealed class ClientStoreTests
{
    private static readonly MemberStatusRule Members = new(["MEMBER"]);

    [Fact]
    public async Task A_scan_page_read_before_a_webhooks_fresher_write_does_not_overwrite_it()
    {
        var (writer, clients, integration) = await StartAsync();
        var t0 = new DateTimeOffset(2026, 11, 28, 10, 0, 0, TimeSpan.Zero);
        await writer.WriteAsync(integration, [Member("Ana", "old@example.test")], Members, null, t0);

        // The scan reads its page at t1; before it writes, a webhook reads the member's new e-mail at t2 and writes it.
        var scanRead = t0.AddSeconds(10);
        var webhookRead = t0.AddSeconds(11);
        var fresh = await writer.WriteAsync(integration, [Member("Ana", "new@example.test")], Members, null, webhookRead);
        var stale = await writer.WriteAsync(integration, [Member("Ana", "old@example.test")], Members, null, scanRead);

        Assert.Equal(1, fresh.Changed);
        Assert.Equal((0, 1), (stale.Changed, stale.Unchanged));
        var row = (await clients.GetEntityAsync<TableEntity>(integration, "m1")).Value;
        Assert.Equal("new@example.test", row.GetString("Email"));
        Assert.Equal(webhookRead, row.GetDateTimeOffset("SourceReadAt"));

        // A read after the webhook's is newer and is written.
        await writer.WriteAsync(integration, [Member("Ana", "newest@example.test")], Members, null, webhookRead.AddSeconds(1));
        Assert.Equal("newest@example.test", (await clients.GetEntityAsync<TableEntity>(integration, "m1")).Value.GetString("Email"));
    }

    [Fact]
    public async Task With_the_sources_own_versions_the_higher_version_wins_whatever_the_read_times()
    {
        var (writer, clients, integration) = await StartAsync();
        var t0 = new DateTimeOffset(2026, 11, 28, 10, 0, 0, TimeSpan.Zero);
        await writer.WriteAsync(integration, [Member("Ana", "v7@example.test", version: 7)], Members, null, t0);

        // A page that was read later but holds an older version (a retry of a page from before the change).
        await writer.WriteAsync(integration, [Member("Ana", "v5@example.test", version: 5)], Members, null, t0.AddMinutes(5));
        Assert.Equal("v7@example.test", (await clients.GetEntityAsync<TableEntity>(integration, "m1")).Value.GetString("Email"));

        await writer.WriteAsync(integration, [Member("Ana", "v9@example.test", version: 9)], Members, null, t0.AddMinutes(-5));
        var row = (await clients.GetEntityAsync<TableEntity>(integration, "m1")).Value;
        Assert.Equal("v9@example.test", row.GetString("Email"));
        Assert.Equal(9, row.GetInt64("SourceVersion"));
    }

    [Fact]
    public async Task Writers_racing_on_one_client_both_finish_and_the_newer_read_is_kept()
    {
        var (writer, clients, integration) = await StartAsync();
        var t0 = new DateTimeOffset(2026, 11, 28, 10, 0, 0, TimeSpan.Zero);
        await writer.WriteAsync(integration, [Member("Ana", "start@example.test")], Members, null, t0);

        var writes = Enumerable.Range(1, 4)
            .Select(i => writer.WriteAsync(integration, [Member("Ana", $"read{i}@example.test")], Members, null, t0.AddSeconds(i)))
            .ToList();
        await Task.WhenAll(writes); // each loses at most once to each other writer: within the writer's attempts

        Assert.Equal("read4@example.test", (await clients.GetEntityAsync<TableEntity>(integration, "m1")).Value.GetString("Email"));
    }

    [Fact]
    public async Task A_no_such_member_read_before_a_fresher_write_leaves_the_client_and_a_later_one_deletes_it()
    {
        var (writer, clients, integration) = await StartAsync();
        var options = new IntegrationOptions { Name = integration, Kind = IntegrationKind.PerfectGymNext };
        var t0 = new DateTimeOffset(2026, 11, 28, 10, 0, 0, TimeSpan.Zero);
        await writer.WriteAsync(integration, [Member("Ana", "ana@example.test")], Members, null, t0.AddSeconds(10));

        // A 404 read at t0+5 (say, an event about a customer the API had not yet created) is older than the row.
        await writer.MarkGoneAsync(options, "m1", t0.AddSeconds(5));
        var kept = (await clients.GetEntityAsync<TableEntity>(integration, "m1")).Value;
        Assert.Equal(("Active", false), (kept.GetString("Status"), kept.GetBoolean("Deleted")));

        await writer.MarkGoneAsync(options, "m1", t0.AddSeconds(20));
        var gone = (await clients.GetEntityAsync<TableEntity>(integration, "m1")).Value;
        Assert.Equal(("Inactive", true), (gone.GetString("Status"), gone.GetBoolean("Deleted")));

        // And it never creates a client that was not there.
        await writer.MarkGoneAsync(options, "m2", t0.AddSeconds(30));
        Assert.Null(await clients.GetEntityOrNullAsync(integration, "m2"));
    }

    [Fact]
    public async Task Reads_give_back_what_was_written()
    {
        var (writer, _, integration) = await StartAsync();
        var t0 = new DateTimeOffset(2026, 11, 28, 10, 0, 0, TimeSpan.Zero);
        await writer.WriteAsync(integration, [Member("Ana", "ana@example.test"), Member("Bea", "bea@example.test") with { Id = "m2" }], Members, null, t0);
        await writer.MarkGoneAsync(new IntegrationOptions { Name = integration, Kind = IntegrationKind.PerfectGymNext }, "m2", t0.AddSeconds(1));

        Assert.Equal(new StoredClient("m1", null, IsActive: true, IsDeleted: false), await writer.FindAsync(integration, "m1"));
        Assert.Equal(new StoredClient("m2", null, IsActive: false, IsDeleted: true), await writer.FindAsync(integration, "m2"));
        Assert.Null(await writer.FindAsync(integration, "m3"));
        Assert.Equal(["m1"], await writer.ListLiveAsync(integration, string.Empty, 10).Select(c => c.Id).ToListAsync());
        Assert.Equal(["m2"], await writer.ListDeletedIdsAsync(integration).ToListAsync());
    }

    private static SourceMember Member(string firstName, string email, long? version = null) =>
        new("m1", firstName, "Silva", email, null, null, "MEMBER", null, SourceVersion: version);

    private static async Task<(ClientStore Writer, TableClient Clients, string Integration)> StartAsync()
    {
        var storage = await AzuriteServer.StorageAsync();
        var writer = Store(storage, TimeProvider.System);
        return (writer, storage.Table(TableNames.Clients), AzuriteServer.UniqueName("club"));
    }

    /// <summary>A store on <paramref name="storage"/> with its collaborators, as Core's DI builds it.</summary>
    internal static ClientStore Store(SyncStorage storage, TimeProvider time) =>
        new(storage, new LocationDirectory(storage, time), new ClientPackageWriter(storage, time), time);
}
