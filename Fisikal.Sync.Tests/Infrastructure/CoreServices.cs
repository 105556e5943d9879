using Fisikal.Sync.Core.Storage;
using Azure.Data.Tables;
using Fisikal.Sync.Core;
using Fisikal.Sync.Core.Sync;
using Fisikal.Sync.Core.Sync.Packages;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Fisikal.Sync.Tests.Infrastructure;

/// <summary>
/// Core as the app builds it (the same registrations, the same validation), in the test's process, on the shared Azurite:
/// for tests that call the sync steps directly against a real source server, without starting the app.
/// </summary>
public static class CoreServices
{
    /// <summary>
    /// Core's registrations on <paramref name="settings"/> (':' keys; storage is the development account, never called),
    /// not validated or started: for tests of what Core registers and checks at start-up, without any server.
    /// </summary>
    public static ServiceProvider Registered(IDictionary<string, string?> settings)
    {
        var all = new Dictionary<string, string?>(settings) { ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true" };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(all).Build();
        return new ServiceCollection().AddLogging().AddFisikalSyncCore(configuration).BuildServiceProvider();
    }

    /// <param name="settings">App settings with ':' (e.g. <c>Integrations:club:Kind</c>); the storage connection is added.</param>
    /// <param name="time">The clock Core runs on; the system's when null.</param>
    public static async Task<ServiceProvider> StartAsync(IDictionary<string, string?> settings, TimeProvider? time = null)
    {
        var all = new Dictionary<string, string?>(settings) { ["AzureWebJobsStorage"] = (await AzuriteServer.GetAsync()).ConnectionString };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(all).Build();
        var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration);
        if (time is not null)
        {
            services.AddSingleton(time);
        }

        var provider = services.AddFisikalSyncCore(configuration).BuildServiceProvider();
        provider.GetRequiredService<Microsoft.Extensions.Options.IStartupValidator>().Validate(); // as the host does when it starts
        await provider.GetRequiredService<SyncStorage>().EnsureCreatedAsync();
        return provider;
    }

    /// <summary>Core on <paramref name="time"/> with one PerfectGym Next integration (a fresh name, returned) on the studio at <paramref name="baseUrl"/>.</summary>
    public static async Task<(ServiceProvider Core, string Integration)> StartPerfectGymNextAsync(Uri baseUrl, string apiKey, TimeProvider time)
    {
        var name = AzuriteServer.UniqueName("next");
        var core = await StartAsync(
            new Dictionary<string, string?>
            {
                [$"Integrations:{name}:Kind"] = "PerfectGymNext",
                [$"Integrations:{name}:BaseUrl"] = baseUrl.AbsoluteUri,
                [$"Integrations:{name}:ApiKey"] = apiKey,
            },
            time);
        return (core, name);
    }

    /// <summary>A member's packages refreshed now, as a package sweep or a member event does.</summary>
    public static Task RefreshPackagesAsync(this ServiceProvider core, string integration, string memberId) =>
        core.GetRequiredService<MemberPackagesHandler>().RefreshAsync(core.GetRequiredService<Core.Integrations.IntegrationRegistry>().Get(integration), [new MemberRef(memberId, null)], null);

    /// <summary>What the platform writes when an operator creates packages: a <c>Packages</c> row per Alt ID.</summary>
    public static async Task SeedPackagesAsync(this ServiceProvider core, string integration, params string[] altIds)
    {
        foreach (var altId in altIds)
        {
            await core.Table(TableNames.Packages).UpsertEntityAsync(new TableEntity(integration, altId) { ["Active"] = true });
        }
    }

    /// <summary>One client package row.</summary>
    public static async Task<TableEntity> PackageAsync(this ServiceProvider core, string integration, string clientId, string rowKey) =>
        (await core.Table(TableNames.ClientPackages).GetEntityAsync<TableEntity>(ClientPackageWriter.PartitionKey(integration, clientId), rowKey)).Value;

    public static TableClient Table(this ServiceProvider core, string name) => core.GetRequiredService<SyncStorage>().Table(name);
}
