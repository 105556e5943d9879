using Fisikal.Sync.Core.Budgets;
using Fisikal.Sync.Core.Integrations;
using Fisikal.Sync.Core.Sources.PerfectGymNext;
using Fisikal.Sync.Core.Sources.Resilience;
using Azure.Data.Tables;
using Fisikal.Sync.Core.Storage;
using Fisikal.Sync.Core.Sync;
using Fisikal.Sync.Core.Sync.Notifications;
using Fisikal.Sync.Simulators.PerfectGymNext;
using Microsoft.Extensions.DependencyInjection;

namespace Fisikal.Sync.Tests.Infrastructure;

/// <summary>The app's PerfectGym Next client as the app builds it (budget, resilience, key), for one simulated club.</summary>
public sealed class ClubClient : IDisposable
{
    private readonly ServiceProvider _http;

    private ClubClient(ServiceProvider http, PerfectGymNextClient client, SyncStorage storage, string integration)
    {
        _http = http;
        Client = client;
        Storage = storage;
        Integration = integration;
    }

    public PerfectGymNextClient Client { get; }

    public SyncStorage Storage { get; }

    public string Integration { get; }

    public static async Task<ClubClient> CreateAsync(
        PerfectGymNextSimulator simulator, ResilienceOptions? resilience = null, RateLimitOptions? rateLimit = null, string? apiKey = null)
    {
        var storage = await AzuriteServer.StorageAsync();
        var integration = new IntegrationOptions
        {
            Name = AzuriteServer.UniqueName("club"),
            Kind = IntegrationKind.PerfectGymNext,
            BaseUrl = simulator.BaseUrl,
            ApiKey = apiKey ?? simulator.Options.ApiKey,
            Resilience = resilience ?? new ResilienceOptions { BaseBackoff = TimeSpan.FromMilliseconds(10) },
            RateLimit = rateLimit ?? new RateLimitOptions(),
        };
        var http = SourceHttp.Services(storage, integration);
        return new ClubClient(http, new PerfectGymNextClientFactory(http.GetRequiredService<SourceHttpClients>()).Get(integration), storage, integration.Name);
    }

    public async Task<List<TableEntity>> NotificationsAsync() =>
        await Storage.Table(TableNames.Notifications).QueryAsync<TableEntity>($"PartitionKey eq {TableKeys.Quote(Integration)}").ToListAsync();

    public void Dispose() => _http.Dispose();
}
