using Fisikal.Sync.Core.Storage;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Fisikal.Sync.Core.Sync;
using Fisikal.Sync.Simulators.Azurite;
using Fisikal.Sync.Simulators.PerfectGymNext;
using Fisikal.Sync.Simulators.Processes;
using Fisikal.Sync.Tests.Infrastructure;

namespace Fisikal.Sync.Tests.Hosting;

/// <summary>
/// The real binary started as the Functions host starts a custom handler (FUNCTIONS_CUSTOMHANDLER_PORT),
/// sent the host's payloads exactly as the host sends them (see reference/azure): strings JSON-encoded
/// twice, DequeueCount as a string, the HTTP trigger's req shape.
/// </summary>
public sealed class CustomHandlerContractTests(CustomHandlerContractTests.HandlerFixture fixture) : IClassFixture<CustomHandlerContractTests.HandlerFixture>
{
    private readonly AzuriteProcess _azurite = fixture.Azurite;
    private readonly PerfectGymNextSimulator _club = fixture.Club;
    private readonly AppProcess _app = fixture.App;

    [Fact]
    public async Task The_host_readiness_probe_gets_an_answer()
    {
        using var response = await _app.Http.GetAsync(new Uri("/", UriKind.Relative));
        Assert.True((int)response.StatusCode < 500);
    }

    [Fact]
    public async Task An_http_invocation_is_answered_in_the_res_output_and_the_host_owns_the_queues()
    {
        var invocation = new
        {
            Data = new
            {
                req = new
                {
                    Url = $"https://fisikal.azurewebsites.net/api/integrations/{TestAppSettings.Integration}/initial-sync?code=function-key",
                    Method = "POST",
                    Query = new { code = "function-key" },
                    Headers = new Dictionary<string, string[]> { ["Content-Type"] = ["application/json"], ["Host"] = ["fisikal.azurewebsites.net"], ["x-admin-key"] = [TestAppSettings.AdminKey] },
                    Params = new { integration = TestAppSettings.Integration },
                    Identities = Array.Empty<object>(),
                    Body = "",
                },
            },
            Metadata = new Dictionary<string, string>(),
        };

        using var response = await PostInvocationAsync("InitialSync", invocation);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var res = body.GetProperty("Outputs").GetProperty("res");
        Assert.Equal("202", res.GetProperty("statusCode").GetString());
        Assert.StartsWith($"/api/integrations/{TestAppSettings.Integration}/sync-runs/", res.GetProperty("headers").GetProperty("Location").GetString(), StringComparison.Ordinal);
        Assert.Equal("Queued", JsonDocument.Parse(res.GetProperty("body").GetString()!).RootElement.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("ReturnValue").ValueKind);

        // No standalone pump under the host: the first page waits in its queue for the host's trigger.
        await Task.Delay(1500);
        var queue = new Azure.Storage.Queues.QueueServiceClient(_azurite.ConnectionString, Fisikal.Sync.Core.Storage.StorageAccount.QueueOptions()).GetQueueClient(QueueNames.MemberPages);
        Assert.Equal(1, (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount);
    }

    [Fact]
    public async Task A_queue_invocation_with_a_twice_encoded_message_runs_the_function_and_answers_the_host_shape()
    {
        // Start a run over HTTP (forwarded), then deliver its first page as the host would.
        var start = await PostInvocationAsync("InitialSync", new
        {
            Data = new { req = new { Url = $"http://127.0.0.1/api/integrations/{TestAppSettings.Integration}/initial-sync", Method = "POST", Headers = new Dictionary<string, string[]> { ["x-admin-key"] = [TestAppSettings.AdminKey] }, Body = "" } },
            Metadata = new { },
        });
        var runId = JsonDocument.Parse((await start.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("Outputs").GetProperty("res").GetProperty("body").GetString()!)
            .RootElement.GetProperty("runId").GetString();
        var message = JsonSerializer.Serialize(new { Integration = TestAppSettings.Integration, RunId = runId, Cursor = (string?)null });
        var invocation = new
        {
            Data = new { message = JsonSerializer.Serialize(message) },
            Metadata = new
            {
                DequeueCount = "1",
                Id = "\"800ae4b3-bdd2-4c08-badd-f08e5a34b865\"",
                PopReceipt = "\"AgAAAAMAAAAAAAAAAgtnj8x+1QE=\"",
                InsertionTime = "2026-11-22T03:58:31+00:00",
            },
        };

        using var response = await PostInvocationAsync("MemberPages", invocation);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(JsonValueKind.Object, body.GetProperty("Outputs").ValueKind);
        Assert.Equal(JsonValueKind.Array, body.GetProperty("Logs").ValueKind);
        var progress = await (await _app.Http.GetAsync(new Uri($"/api/integrations/{TestAppSettings.Integration}/sync-runs/{runId}", UriKind.Relative))).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(_club.Store.Count, progress.GetProperty("membersSeen").GetInt32());
        Assert.Equal(1, progress.GetProperty("pagesRead").GetInt32());
    }

    [Fact]
    public async Task A_failing_queue_invocation_answers_500_so_the_host_retries_and_poisons()
    {
        const string message = "{not json at all";

        using var response = await PostInvocationAsync("MemberPages", new
        {
            Data = new { message = JsonSerializer.Serialize(message) },
            Metadata = new { DequeueCount = "2" },
        });

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("MemberPages failed", body.GetProperty("Logs")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_scheduler_timer_invocation_runs_the_due_schedules()
    {
        using var response = await PostInvocationAsync("Scheduler", new
        {
            Data = new { timer = new { Schedule = new { AdjustForDST = true }, IsPastDue = false } },
            Metadata = new { },
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var checkpoints = new Azure.Data.Tables.TableServiceClient(_azurite.ConnectionString).GetTableClient(TableNames.SyncCheckpoints);
        Assert.NotNull(await checkpoints.GetEntityOrNullAsync(TestAppSettings.Integration, "schedule:ClientSync"));
    }

    [Fact]
    public async Task Standalone_admin_routes_are_not_served_under_the_host()
    {
        using var response = await _app.Http.GetAsync(new Uri("/admin/functions", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    /// <summary>Posts an invocation with the host's own property casing (PascalCase: Data, Metadata, Url...).</summary>
    private Task<HttpResponseMessage> PostInvocationAsync(string function, object invocation) =>
        _app.Http.PostAsync(
            new Uri("/" + function, UriKind.Relative),
            new StringContent(JsonSerializer.Serialize(invocation), System.Text.Encoding.UTF8, "application/json"));

    /// <summary>One app process, its Azurite and its club, for the whole class.</summary>
    public sealed class HandlerFixture : IAsyncLifetime
    {
        public AzuriteProcess Azurite { get; private set; } = null!;

        public PerfectGymNextSimulator Club { get; private set; } = null!;

        public AppProcess App { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Azurite = await AzuriteProcess.StartAsync();
            Club = await PerfectGymNextSimulator.StartAsync(new PerfectGymNextSimulatorOptions { Customers = 60 });
            App = await AppProcess.StartAsync(TestAppSettings.For(Azurite, Club, separator: "__"), asCustomHandler: true);
        }

        public async Task DisposeAsync()
        {
            await App.DisposeAsync();
            await Club.DisposeAsync();
            await Azurite.DisposeAsync();
        }
    }
}
