using Azure.Data.Tables;
using Fisikal.Sync.Core.Storage;
using Fisikal.Sync.Core.Sync;
using Fisikal.Sync.Core.Sync.Packages;
using Fisikal.Sync.Core.Sync.Retention;
using Fisikal.Sync.Core.Sync.Runs;
using Fisikal.Sync.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace Fisikal.Sync.Tests.Sync;

/// <summary>The daily retention sweep removes what is past its keeping and nothing else.</summary>
public sealed class RetentionTests
{
    [Fact]
    public async Task Old_runs_with_their_checkpoints_old_webhook_hours_budgets_nonces_and_attempts_go_and_the_rest_stays()
    {
        var now = new DateTimeOffset(2026, 11, 28, 4, 15, 0, TimeSpan.Zero);
        var clock = new ManualTimeProvider(now.AddDays(-40));
        var storage = await AzuriteServer.StorageAsync();
        var integration = AzuriteServer.UniqueName("club");
        var runs = new SyncRunStore(storage, clock);

        var old = await runs.CreateAsync(integration, SyncRunKind.ClientSync, null);
        await runs.RecordPageAsync(integration, old.RunId, null, new PageTally(1, 1, 0, 0, null, 0, ["m1"], true));
        await runs.CompleteAsync(integration, old.RunId, 0);
        var stuck = await runs.CreateAsync(integration, SyncRunKind.ClientSync, null); // never finished: kept for an operator to see
        clock.Set(now.AddDays(-1));
        var recent = await runs.CreateAsync(integration, SyncRunKind.ClientSync, null);
        await runs.RecordPageAsync(integration, recent.RunId, null, new PageTally(1, 1, 0, 0, null, 0, ["m1"], true));
        await runs.CompleteAsync(integration, recent.RunId, 0);

        var events = storage.Table(TableNames.WebhookEvents);
        await events.UpsertEntityAsync(new TableEntity($"{integration}:2026112601", "old-event"));
        await events.UpsertEntityAsync(new TableEntity($"{integration}:2026112803", "new-event"));
        var budgets = storage.Table(TableNames.RateBudgets);
        await budgets.UpsertEntityAsync(new TableEntity(integration, "getCustomers:old") { ["WindowStart"] = now.AddHours(-3) });
        await budgets.UpsertEntityAsync(new TableEntity(integration, "getCustomers:new") { ["WindowStart"] = now.AddMinutes(-5) });
        var nonces = storage.Table(TableNames.MemberTokenNonces);
        var expired = AzuriteServer.UniqueName("n");
        var live = AzuriteServer.UniqueName("n");
        await nonces.UpsertEntityAsync(new TableEntity("nonce", expired) { ["ExpiresAt"] = now.AddMinutes(-1) });
        await nonces.UpsertEntityAsync(new TableEntity("nonce", live) { ["ExpiresAt"] = now.AddMinutes(4) });
        var attempts = storage.Table(TableNames.LoginAttempts);
        var stale = AzuriteServer.UniqueName("u");
        var locked = AzuriteServer.UniqueName("u");
        await attempts.UpsertEntityAsync(new TableEntity("user", stale) { ["Failures"] = 3, ["LastFailureAt"] = now.AddDays(-2), ["LockedUntil"] = now.AddDays(-2) });
        await attempts.UpsertEntityAsync(new TableEntity("user", locked) { ["Failures"] = 9, ["LastFailureAt"] = now.AddMinutes(-10), ["LockedUntil"] = now.AddMinutes(50) });

        clock.Set(now);
        await new RetentionSweep(storage, ClientStoreTests.Store(storage, clock), runs, new ClientPackageWriter(storage, clock), clock, NullLogger<RetentionSweep>.Instance).RunAsync(integration);

        Assert.Null(await runs.GetRunAsync(integration, old.RunId));
        Assert.Empty(await runs.PagesAsync(integration, old.RunId));
        Assert.Empty(await runs.SeenIdsAsync(integration, old.RunId, new HashSet<string> { SyncRunStore.PageKey(null) }));
        Assert.NotNull(await runs.GetRunAsync(integration, stuck.RunId));
        Assert.NotNull(await runs.GetRunAsync(integration, recent.RunId));
        Assert.Single(await runs.PagesAsync(integration, recent.RunId));
        Assert.Null(await events.GetEntityOrNullAsync($"{integration}:2026112601", "old-event"));
        Assert.NotNull(await events.GetEntityOrNullAsync($"{integration}:2026112803", "new-event"));
        Assert.Null(await budgets.GetEntityOrNullAsync(integration, "getCustomers:old"));
        Assert.NotNull(await budgets.GetEntityOrNullAsync(integration, "getCustomers:new"));
        Assert.Null(await nonces.GetEntityOrNullAsync("nonce", expired));
        Assert.NotNull(await nonces.GetEntityOrNullAsync("nonce", live));
        Assert.Null(await attempts.GetEntityOrNullAsync("user", stale));
        Assert.NotNull(await attempts.GetEntityOrNullAsync("user", locked));
    }

    [Fact]
    public async Task A_deleted_client_left_with_an_Active_package_by_an_older_version_has_it_expired_a_live_one_keeps_its()
    {
        var storage = await AzuriteServer.StorageAsync();
        var integration = AzuriteServer.UniqueName("club");
        var clients = storage.Table(TableNames.Clients);
        var packages = storage.Table(TableNames.ClientPackages);
        foreach (var (id, deleted) in new[] { ("gone", true), ("live", false) })
        {
            await clients.UpsertEntityAsync(new TableEntity(integration, id) { ["Status"] = deleted ? "Inactive" : "Active", ["Deleted"] = deleted });
            await packages.UpsertEntityAsync(new TableEntity(ClientPackageWriter.PartitionKey(integration, id), "contract:1") { ["Status"] = "Active", ["PackageAltId"] = "rate_GOLD" });
        }

        var sweep = new RetentionSweep(storage, ClientStoreTests.Store(storage, TimeProvider.System), new SyncRunStore(storage, TimeProvider.System), new ClientPackageWriter(storage, TimeProvider.System), TimeProvider.System, NullLogger<RetentionSweep>.Instance);

        Assert.Equal(1, await sweep.ExpireDeletedClientsPackagesAsync(integration));
        Assert.Equal("Expired", (await packages.GetEntityAsync<TableEntity>(ClientPackageWriter.PartitionKey(integration, "gone"), "contract:1")).Value.GetString("Status"));
        Assert.Equal("Active", (await packages.GetEntityAsync<TableEntity>(ClientPackageWriter.PartitionKey(integration, "live"), "contract:1")).Value.GetString("Status"));
        Assert.Equal(0, await sweep.ExpireDeletedClientsPackagesAsync(integration)); // nothing left to do
    }
}
