using System.Text.RegularExpressions;
using Fisikal.Sync.Bench;
using Fisikal.Sync.Core.Storage;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Azure.Data.Tables;
using Fisikal.Sync.Core.Sync;
using Fisikal.Sync.Core.Sync.Clients;
using Fisikal.Sync.Tests.Infrastructure;

namespace Fisikal.Sync.Tests.Sync;

/// <summary>
/// The rotating sweep against Table Storage's paging as Azure does it: a page may hold fewer rows than asked for and
/// still carry a continuation (a proxy in front of Azurite caps every page at two rows to show it).
/// </summary>
public sealed partial class ClientSweepTests
{
    [Fact]
    public async Task Short_pages_with_continuations_are_followed_and_the_cursor_moves_only_when_committed()
    {
        var azurite = await AzuriteServer.GetAsync();
        var direct = new Uri($"http://127.0.0.1:{azurite.TablePort}/devstoreaccount1");
        var shortPages = 0;
        await using var proxy = await StorageCountingProxy.StartAsync(direct, rewrite: target =>
        {
            var capped = Top().Replace(target, "$top=2");
            shortPages += capped == target ? 0 : 1;
            return capped;
        });
        var proxied = (azurite.ConnectionString.Replace(direct.AbsoluteUri.TrimEnd('/'), new Uri(proxy.Address, "devstoreaccount1").AbsoluteUri, StringComparison.Ordinal));
        var storage = new SyncStorage(new TableServiceClient(proxied), new QueueServiceClient(proxied, StorageAccount.QueueOptions()));
        await storage.Table(TableNames.Clients).CreateIfNotExistsAsync();
        await storage.Table(TableNames.SyncCheckpoints).CreateIfNotExistsAsync();
        var integration = AzuriteServer.UniqueName("club");
        foreach (var id in Enumerable.Range(1, 7).Select(i => $"m{i}"))
        {
            await storage.Table(TableNames.Clients).UpsertEntityAsync(new TableEntity(integration, id) { [ClientColumns.Deleted] = false });
        }

        var sweep = new ClientSweep(storage, ClientStoreTests.Store(storage, TimeProvider.System), TimeProvider.System);
        var first = await sweep.NextBatchAsync(integration, "test", 5);
        var again = await sweep.NextBatchAsync(integration, "test", 5);

        Assert.Equal(["m1", "m2", "m3", "m4", "m5"], first.Members.Select(m => m.Id));
        Assert.False(first.EndsCycle); // five rows came in pages of two: not the end of the table
        Assert.Equal(first.Members, again.Members); // not committed: the cursor has not moved

        await sweep.CommitAsync(first);
        var second = await sweep.NextBatchAsync(integration, "test", 5);
        Assert.Equal(["m6", "m7"], second.Members.Select(m => m.Id));
        Assert.True(second.EndsCycle);

        await sweep.CommitAsync(second);
        var state = (await storage.Table(TableNames.SyncCheckpoints).GetEntityAsync<TableEntity>(integration, ClientSweep.RowKey("test"))).Value;
        Assert.Equal(string.Empty, state.GetString("Cursor"));
        Assert.NotNull(state.GetDateTimeOffset("LastCycleCompletedAt"));
        Assert.True(shortPages >= 4, $"{shortPages} pages of two were followed by continuation");
    }

    [GeneratedRegex(@"\$top=\d+")]
    private static partial Regex Top();
}
