using System.Globalization;
using Fisikal.Sync.Bench;
using Fisikal.Sync.Simulators.Gladstone;
using Fisikal.Sync.Tests.Infrastructure;

namespace Fisikal.Sync.Tests.Sync;

/// <summary>
/// Azurite accepts what Azure refuses: every table write of a large initial sync, watched on the wire by a proxy in
/// front of Azurite, stays within Azure Table Storage's limits (64 KiB a property, 1 MiB and 252 properties an entity,
/// 100 operations and 4 MiB a transaction).
/// </summary>
public sealed class AzureLimitsTests
{
    [Fact]
    public async Task A_5000_member_perfectgym_next_initial_sync_writes_nothing_azure_would_refuse()
    {
        var limits = new AzureTableLimits();
        await using var proxy = new ProxyHolder();
        await using var app = await SyncApp.StartAsync(customers: 5000, tableEndpoint: direct => proxy.StartAsync(direct, limits));
        app.Simulator.RateLimiter.LimitPerWindow = 0; // this is about what is written, not the club's limit (tested on its own)

        var run = await app.RunInitialSyncAsync(timeout: TimeSpan.FromMinutes(4));

        Assert.Equal("Completed", run.GetProperty("status").GetString());
        Assert.Equal(5000, run.GetProperty("membersSeen").GetInt32());
        Assert.Empty(limits.Violations);
        Assert.True(limits.EntitiesChecked > 5000, $"{limits.EntitiesChecked} entities checked");
    }

    [Fact]
    public async Task A_gladstone_initial_sync_of_5000_members_in_one_page_writes_nothing_azure_would_refuse()
    {
        const string name = "gp2";
        await using var service = await GladstoneSimulator.StartAsync(new GladstoneSimulatorOptions { Members = 5000 });
        var settings = TestAppSettings.ForGladstone(service, name);
        settings[$"Integrations:{name}:ActiveStatuses:0"] = "Active";
        var limits = new AzureTableLimits();
        await using var proxy = new ProxyHolder();
        await using var app = await SyncApp.StartAsync(customers: 0, settings: settings, tableEndpoint: direct => proxy.StartAsync(direct, limits));

        var run = await app.RunInitialSyncAsync(timeout: TimeSpan.FromMinutes(4), integration: name);

        Assert.Equal("Completed", run.GetProperty("status").GetString());
        Assert.Equal(5000, run.GetProperty("membersSeen").GetInt32());
        Assert.Equal(1, run.GetProperty("pagesRead").GetInt32());
        Assert.Empty(limits.Violations);
        Assert.InRange(limits.LargestPropertyBytes, 1, AzureTableLimits.MaxPropertyBytes);
        Assert.True(limits.EntitiesChecked > 5000, $"{limits.EntitiesChecked.ToString(CultureInfo.InvariantCulture)} entities checked");
    }

    /// <summary>The proxy outlives the app (declared first, disposed last): the app's last writes still pass through it.</summary>
    private sealed class ProxyHolder : IAsyncDisposable
    {
        private StorageCountingProxy? _proxy;

        public async Task<Uri> StartAsync(Uri direct, AzureTableLimits limits)
        {
            _proxy = await StorageCountingProxy.StartAsync(direct, limits.Inspect);
            return new Uri(_proxy.Address, "devstoreaccount1");
        }

        public async ValueTask DisposeAsync()
        {
            if (_proxy is not null)
            {
                await _proxy.DisposeAsync();
            }
        }
    }
}
