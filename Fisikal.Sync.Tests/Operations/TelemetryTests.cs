using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using Fisikal.Sync.Core.Diagnostics;
using Fisikal.Sync.Simulators.Azurite;
using Fisikal.Sync.Simulators.PerfectGymNext;
using Fisikal.Sync.Simulators.Processes;
using Fisikal.Sync.Tests.Infrastructure;

namespace Fisikal.Sync.Tests.Operations;

/// <summary>Traces and metrics: one member's journey from webhook to table is one trace; the metrics are recorded and exported over OTLP.</summary>
public sealed class TelemetryTests
{
    [Fact]
    public async Task A_webhook_and_the_queued_work_it_causes_are_one_trace_and_the_metrics_are_recorded()
    {
        await using var collector = await TelemetryReceiver.StartAsync();
        await using var app = await SyncApp.StartAsync(customers: 0, settings: new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.Endpoint.AbsoluteUri,
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "500",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
        });
        var customer = app.Simulator.Store.Add(new SimulatedCustomer { FirstName = "Trace", Status = "MEMBER" });
        var traceId = ActivityTraceId.CreateRandom();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/webhooks/perfectgym-next")
        {
            Headers = { { "x-api-key", app.Simulator.Options.WebhookApiKey }, { "traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01" } },
            Content = System.Net.Http.Json.JsonContent.Create(new
            {
                entityId = customer.Id,
                uuid = Guid.NewGuid().ToString(),
                payload = new[] { new { timestamp = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), type = "CUSTOMER_CREATED", content = new { } } },
            }),
        };
        using var response = await app.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await app.WaitForQueuesAsync();

        // Protobuf holds a span's trace id as its 16 raw bytes: the webhook's span and the queued work's are in the caller's trace.
        var traceBytes = Convert.FromHexString(traceId.ToHexString());
        await collector.WaitForAsync("/v1/traces", "PerfectGymNext webhook", TimeSpan.FromSeconds(20), app.AllLogs);
        await collector.WaitForAsync("/v1/traces", "MemberEvents process", TimeSpan.FromSeconds(20), app.AllLogs);
        Assert.Contains(collector.Received, r => r.Path == "/v1/traces" && Holds(r.Body, "PerfectGymNext webhook") && r.Body.AsSpan().IndexOf(traceBytes) >= 0);
        Assert.Contains(collector.Received, r => r.Path == "/v1/traces" && Holds(r.Body, "MemberEvents process") && Holds(r.Body, "sync-member-events") && r.Body.AsSpan().IndexOf(traceBytes) >= 0);
        foreach (var metric in new[] { "fisikal.webhook.latency", "fisikal.queue.lag", "fisikal.source.requests", "fisikal.budget.tokens", "fisikal.sync.records", "fisikal.storage.entity_writes" })
        {
            await collector.WaitForAsync("/v1/metrics", metric, TimeSpan.FromSeconds(20), app.AllLogs);
        }

        Assert.Contains(collector.Received, r => r.Path == "/v1/metrics" && Holds(r.Body, "fisikal.source.requests") && Holds(r.Body, "getCustomerById"));
    }

    private static bool Holds(byte[] body, string text) => body.AsSpan().IndexOf(System.Text.Encoding.UTF8.GetBytes(text)) >= 0;

    [Fact]
    public async Task With_an_OTLP_endpoint_the_real_binary_exports_its_metrics_and_traces()
    {
        await using var collector = await TelemetryReceiver.StartAsync();
        await using var azurite = await AzuriteProcess.StartAsync();
        await using var club = await PerfectGymNextSimulator.StartAsync(new PerfectGymNextSimulatorOptions { Customers = 30 });
        var settings = TestAppSettings.For(azurite, club, separator: "__");
        settings["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.Endpoint.AbsoluteUri;
        settings["OTEL_METRIC_EXPORT_INTERVAL"] = "500";
        settings["OTEL_BSP_SCHEDULE_DELAY"] = "200";
        await using var app = await AppProcess.StartAsync(settings);

        using (var started = await app.Http.PostAsync(new Uri($"/api/integrations/{TestAppSettings.Integration}/initial-sync", UriKind.Relative), null))
        {
            await SyncRunWatcher.WaitAsync(app.Http, started.Headers.Location!, TimeSpan.FromSeconds(60));
        }

        await collector.WaitForAsync("/v1/metrics", "fisikal.sync.records", TimeSpan.FromSeconds(20), app.AllOutput);
        await collector.WaitForAsync("/v1/metrics", "fisikal.source.requests", TimeSpan.FromSeconds(20));
        await collector.WaitForAsync("/v1/traces", "MemberPages process", TimeSpan.FromSeconds(20));
        Assert.All(collector.Received, r => Assert.Equal("application/x-protobuf", r.ContentType));
        Assert.DoesNotContain(collector.Received, r => r.Body.AsSpan().IndexOf(System.Text.Encoding.UTF8.GetBytes(club.Options.ApiKey)) >= 0);
    }

    [Fact]
    public async Task With_an_Application_Insights_connection_string_the_real_binary_sends_its_traces_there()
    {
        await using var ingestion = await TelemetryReceiver.StartAsync();
        await using var azurite = await AzuriteProcess.StartAsync();
        await using var club = await PerfectGymNextSimulator.StartAsync(new PerfectGymNextSimulatorOptions { Customers = 10 });
        var settings = TestAppSettings.For(azurite, club, separator: "__");
        settings["APPLICATIONINSIGHTS_CONNECTION_STRING"] = ingestion.ApplicationInsightsConnectionString;

        // The exporter's reports on itself ("SDK stats", with a look at Azure's VM metadata endpoint) go to Microsoft's
        // hosts, not the connection string's: off here, where nothing may leave 127.0.0.1.
        settings["APPLICATIONINSIGHTS_SDKSTATS_DISABLED_ALL"] = "true";

        // ...and where it runs (the Functions worker setting, as Azure and local.settings.json give it) says it is not a VM.
        settings["FUNCTIONS_WORKER_RUNTIME"] = "dotnet-isolated";
        await using var app = await AppProcess.StartAsync(settings);

        using (var started = await app.Http.PostAsync(new Uri($"/api/integrations/{TestAppSettings.Integration}/initial-sync", UriKind.Relative), null))
        {
            await SyncRunWatcher.WaitAsync(app.Http, started.Headers.Location!, TimeSpan.FromSeconds(60));
        }

        // Traces leave in batches every 5 s; requests (ASP.NET Core) and dependencies (HttpClient) come with ours.
        await ingestion.WaitForAsync("/v2.1/track", "MemberPages process", TimeSpan.FromSeconds(30), app.AllOutput);
        await ingestion.WaitForAsync("/v2.1/track", "\"RequestData\"", TimeSpan.FromSeconds(30));
        await ingestion.WaitForAsync("/v2.1/track", "\"RemoteDependencyData\"", TimeSpan.FromSeconds(30));
        Assert.DoesNotContain(ingestion.Received, r => r.Body.AsSpan().IndexOf(System.Text.Encoding.UTF8.GetBytes(club.Options.ApiKey)) >= 0);
        var accountKey = System.Text.RegularExpressions.Regex.Match(azurite.ConnectionString, "AccountKey=([^;]+)").Groups[1].Value;
        Assert.DoesNotContain(ingestion.Received, r => r.Body.AsSpan().IndexOf(System.Text.Encoding.UTF8.GetBytes(accountKey)) >= 0);
    }

    [Theory]
    [InlineData("Authorization=AAD;ClientId=00000000-0000-0000-0000-000000000002")]
    [InlineData("Authorization=AAD")]
    public void The_Application_Insights_authentication_string_becomes_a_managed_identity(string authentication) =>
        Assert.IsType<Azure.Identity.ManagedIdentityCredential>(Functions.Hosting.TelemetrySetup.EntraCredential(authentication));

    [Fact]
    public void An_authentication_string_that_is_not_Entra_is_refused_and_none_means_the_connection_string_alone()
    {
        Assert.Null(Functions.Hosting.TelemetrySetup.EntraCredential(null));
        var ex = Assert.Throws<InvalidOperationException>(() => Functions.Hosting.TelemetrySetup.EntraCredential("Authorization=Key"));
        Assert.Contains("APPLICATIONINSIGHTS_AUTHENTICATION_STRING", ex.Message, StringComparison.Ordinal);
    }

}
