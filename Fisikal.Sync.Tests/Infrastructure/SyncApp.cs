using System.Net.Http.Json;
using System.Text.Json;
using Fisikal.Sync.Core.Storage;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Azure.Data.Tables;
using Fisikal.Sync.Simulators.Azurite;
using Fisikal.Sync.Simulators.PerfectGymNext;
using Fisikal.Sync.Simulators.Processes;
using Fisikal.Sync.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Fisikal.Sync.Tests.Infrastructure;

/// <summary>
/// The real app (the isolated worker under the host emulator: HTTP routes, queue triggers, the scheduler timer) on its
/// own Azurite, reading a simulated PerfectGym Next club over 127.0.0.1. Each instance is isolated: its own storage
/// account. <see cref="Services"/> is Core built in the test's process on the same settings, for what a test calls directly.
/// </summary>
public sealed class SyncApp : IAsyncDisposable
{
    public const string Integration = TestAppSettings.Integration;
    public const string AdminKey = TestAppSettings.AdminKey;

    private SyncApp(AzuriteProcess azurite, PerfectGymNextSimulator simulator, AppProcess app, ServiceProvider services)
    {
        Azurite = azurite;
        Simulator = simulator;
        App = app;
        Services = services;
        Http = app.Http;
        Anonymous = new HttpClient { BaseAddress = app.Address };
        var connection = (azurite.ConnectionString);
        Tables = new TableServiceClient(connection);
        Queues = new QueueServiceClient(connection, StorageAccount.QueueOptions());
    }

    public AzuriteProcess Azurite { get; }

    public PerfectGymNextSimulator Simulator { get; }

    public AppProcess App { get; }

    /// <summary>Core on the app's settings, in the test's process.</summary>
    public ServiceProvider Services { get; }

    /// <summary>The app's HTTP routes, sending the admin key (as an operator's tools do).</summary>
    public HttpClient Http { get; }

    /// <summary>The app's HTTP routes without the admin key.</summary>
    public HttpClient Anonymous { get; }

    public TableServiceClient Tables { get; }

    public QueueServiceClient Queues { get; }

    /// <param name="tableEndpoint">Where the app reaches Azurite's Table service instead of directly (a proxy that watches the writes, say).</param>
    public static async Task<SyncApp> StartAsync(
        int customers = 250, IDictionary<string, string?>? settings = null, string? apiKeyOverride = null, Func<Uri, Task<Uri>>? tableEndpoint = null)
    {
        var azurite = await AzuriteProcess.StartAsync(timeout: TimeSpan.FromSeconds(90));
        var simulator = await PerfectGymNextSimulator.StartAsync(new PerfectGymNextSimulatorOptions { Customers = customers });
        var all = TestAppSettings.For(azurite, simulator, apiKeyOverride, separator: "__");
        if (tableEndpoint is not null)
        {
            var direct = new Uri($"http://127.0.0.1:{azurite.TablePort}/devstoreaccount1");
            var via = await tableEndpoint(direct);
            all["AzureWebJobsStorage"] = azurite.ConnectionString.Replace(direct.AbsoluteUri.TrimEnd('/'), via.AbsoluteUri.TrimEnd('/'), StringComparison.Ordinal);
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var app = await AppProcess.StartAsync(all);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(all.ToDictionary(kv => kv.Key.Replace("__", ":", StringComparison.Ordinal), kv => kv.Value)).Build();
        var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration).AddFisikalSyncCore(configuration).BuildServiceProvider();
        return new SyncApp(azurite, simulator, app, services);
    }

    public TableClient Table(string name) => Tables.GetTableClient(name);

    /// <summary>The rows of one partition of a table.</summary>
    public async Task<List<TableEntity>> RowsAsync(string table, string partitionKey) =>
        await Table(table).QueryAsync<TableEntity>($"PartitionKey eq {TableKeys.Quote(partitionKey)}").ToListAsync();

    /// <summary>Starts an initial sync over HTTP and waits for it to end; returns its final progress.</summary>
    public async Task<JsonElement> RunInitialSyncAsync(object? body = null, TimeSpan? timeout = null, string integration = Integration)
    {
        using var response = await Http.PostAsync(
            new Uri($"/api/integrations/{integration}/initial-sync", UriKind.Relative),
            body is null ? null : JsonContent.Create(body));
        Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);
        return await WaitForRunAsync(response.Headers.Location!, timeout);
    }

    public Task<JsonElement> WaitForRunAsync(Uri location, TimeSpan? timeout = null) =>
        SyncRunWatcher.WaitAsync(Http, location, timeout ?? TimeSpan.FromSeconds(60));

    /// <summary>Runs a scheduled function now for this integration (the admin route).</summary>
    public async Task RunScheduleAsync(string function, string integration = Integration)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/schedules/{function}")
        {
            Headers = { { "x-admin-key", AdminKey } },
            Content = System.Net.Http.Json.JsonContent.Create(new { integration }),
        };
        using var response = await Http.SendAsync(request);
        Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);
    }

    /// <summary>Posts a webhook as PerfectGym does: its body and the webhook key.</summary>
    public Task<HttpResponseMessage> PostWebhookAsync(string type, long entityId, string? uuid = null, string? key = null) =>
        Http.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/webhooks/perfectgym-next")
        {
            Headers = { { "x-api-key", key ?? Simulator.Options.WebhookApiKey } },
            Content = System.Net.Http.Json.JsonContent.Create(new
            {
                entityId,
                uuid = uuid ?? Guid.NewGuid().ToString(),
                payload = new[] { new { timestamp = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), type, content = new { } } },
            }),
        });

    /// <summary>Waits until every sync queue is empty (work done, or poisoned).</summary>
    public async Task WaitForQueuesAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var pending = await new Fisikal.Sync.Core.Storage.SyncStorage(Tables, Queues).PendingMessagesAsync();

            if (pending == 0)
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"{pending} messages still queued");
            await Task.Delay(100);
        }
    }

    /// <summary>Waits until no sync run of the integration is Queued or Running (its last page and completion done).</summary>
    public async Task WaitForRunsAsync(string integration = Integration)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        var filter = $"PartitionKey eq '{integration}' and (Status eq 'Queued' or Status eq 'Running')";
        while (await Table(Fisikal.Sync.Core.Storage.TableNames.SyncRuns).QueryAsync<Azure.Data.Tables.TableEntity>(filter, select: ["Status"]).AnyAsync())
        {
            Assert.True(DateTime.UtcNow < deadline, "a sync run is still under way");
            await Task.Delay(100);
        }
    }

    /// <summary>Every line the app (emulator and worker) wrote, as one text.</summary>
    public string AllLogs() => App.AllOutput();

    public async ValueTask DisposeAsync()
    {
        Anonymous.Dispose();
        await App.DisposeAsync();
        await Services.DisposeAsync();
        await Simulator.DisposeAsync();
        await Azurite.DisposeAsync();
    }
}
