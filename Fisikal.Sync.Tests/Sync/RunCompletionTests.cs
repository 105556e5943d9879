using Azure.Data.Tables;
using Fisikal.Sync.Core.Storage;
using Fisikal.Sync.Core.Sync;
using Fisikal.Sync.Core.Sync.Packages;
using Fisikal.Sync.Core.Sync.Runs;
using Fisikal.Sync.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace Fisikal.Sync.Tests.Sync;

/// <summary>When a run is complete, and who it may make Inactive, from its recorded pages on Azurite.</summary>
public sealed class RunCompletionTests
{
    [Fact]
    public async Task A_chain_of_pages_that_comes_back_to_a_page_fails_with_a_clear_error_instead_of_spinning()
    {
        var (runs, completion, integration) = await StartAsync();
        var run = await runs.CreateAsync(integration, SyncRunKind.Initial, null);
        await runs.RecordPageAsync(integration, run.RunId, null, Page(next: "a"));
        await runs.RecordPageAsync(integration, run.RunId, "a", Page(next: "b"));
        await runs.RecordPageAsync(integration, run.RunId, "b", Page(next: "a"));

        var loop = await Assert.ThrowsAsync<InvalidOperationException>(() => completion.TryCompleteAsync(integration, run.RunId));
        Assert.Contains("comes back to page 'a'", loop.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true, 1)]
    [InlineData(false, 0)]
    public async Task Only_a_complete_roster_makes_a_client_it_did_not_see_inactive(bool rosterComplete, int madeInactive)
    {
        var (runs, completion, integration) = await StartAsync();
        var clients = (await AzuriteServer.TablesAsync()).GetTableClient(TableNames.Clients);
        await clients.CreateIfNotExistsAsync();
        var longAgo = DateTimeOffset.UtcNow.AddDays(-1);
        var packages = (await AzuriteServer.TablesAsync()).GetTableClient(TableNames.ClientPackages);
        foreach (var id in new[] { "seen", "gone" })
        {
            await clients.UpsertEntityAsync(new TableEntity(integration, id) { ["Status"] = "Active", ["Deleted"] = false, ["SyncedAt"] = longAgo });
            await packages.UpsertEntityAsync(new TableEntity(ClientPackageWriter.PartitionKey(integration, id), "contract:1") { ["Status"] = "Active", ["PackageAltId"] = "rate_GOLD" });
        }

        var run = await runs.CreateAsync(integration, SyncRunKind.Initial, null);
        await runs.RecordPageAsync(integration, run.RunId, null, Page(next: null, rosterComplete, "seen"));

        Assert.True(await completion.TryCompleteAsync(integration, run.RunId));
        Assert.Equal(madeInactive, (await runs.GetRunAsync(integration, run.RunId))!.ClientsMadeInactive);
        Assert.Equal(rosterComplete ? "Inactive" : "Active", (await clients.GetEntityAsync<TableEntity>(integration, "gone")).Value.GetString("Status"));
        Assert.Equal("Active", (await clients.GetEntityAsync<TableEntity>(integration, "seen")).Value.GetString("Status"));

        // A client made Deleted holds no Active package: a platform trusting ClientPackages.Status grants nothing.
        Assert.Equal(rosterComplete ? "Expired" : "Active", (await packages.GetEntityAsync<TableEntity>(ClientPackageWriter.PartitionKey(integration, "gone"), "contract:1")).Value.GetString("Status"));
        Assert.Equal("Active", (await packages.GetEntityAsync<TableEntity>(ClientPackageWriter.PartitionKey(integration, "seen"), "contract:1")).Value.GetString("Status"));
    }

    private static PageTally Page(string? next, bool rosterComplete = true, params string[] seen) =>
        new(seen.Length, 0, 0, 0, next, 0, seen, rosterComplete);

    private static async Task<(SyncRunStore Runs, RunCompletion Completion, string Integration)> StartAsync()
    {
        var storage = await AzuriteServer.StorageAsync();
        var runs = new SyncRunStore(storage, TimeProvider.System);
        return (runs, new RunCompletion(runs, ClientStoreTests.Store(storage, TimeProvider.System), TimeProvider.System, NullLogger<RunCompletion>.Instance), AzuriteServer.UniqueName("club"));
    }
}
