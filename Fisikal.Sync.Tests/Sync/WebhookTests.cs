using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;
using Fisikal.Sync.Core.Storage;
using Fisikal.Sync.Core.Sync;
using Fisikal.Sync.Simulators.PerfectGymNext;
using Fisikal.Sync.Tests.Infrastructure;

namespace Fisikal.Sync.Tests.Sync;

/// <summary>PerfectGym Next webhooks, posted as PerfectGym posts them, end to end.</summary>
public sealed class WebhookTests : IAsyncLifetime
{
    private const long North = 1210000101;
    private SyncApp _app = null!;

    public async Task InitializeAsync()
    {
        _app = await SyncApp.StartAsync(customers: 0);
        await SeedPlatformAsync(_app);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task A_wrong_or_missing_key_is_refused_and_a_body_that_is_not_an_event_is_a_400()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await _app.PostWebhookAsync("CUSTOMER_CREATED", 1, key: "not-the-webhook-key")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _app.PostWebhookAsync("CUSTOMER_CREATED", 1, key: string.Empty)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _app.PostWebhookAsync("CUSTOMER_CREATED", 1, key: _app.Simulator.Options.ApiKey)).StatusCode);

        var notAnEvent = await _app.Http.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/webhooks/perfectgym-next")
        {
            Headers = { { "x-api-key", _app.Simulator.Options.WebhookApiKey } },
            Content = JsonContent.Create(new { hello = "world" }),
        });
        Assert.Equal(HttpStatusCode.BadRequest, notAnEvent.StatusCode);
        Assert.Equal("application/problem+json", notAnEvent.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task Confirming_activation_from_the_admin_route_turns_the_studio_webhooks_on()
    {
        Assert.False(_app.Simulator.Webhooks.Activated);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/integrations/{SyncApp.Integration}/confirm-activation") { Headers = { { "x-admin-key", SyncApp.AdminKey } } };

        using var response = await _app.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(_app.Simulator.Webhooks.Activated);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _app.Anonymous.PostAsync(new Uri($"/api/integrations/{SyncApp.Integration}/confirm-activation", UriKind.Relative), null)).StatusCode);
    }

    [Fact]
    public async Task Unknown_event_types_are_ignored_and_a_repeated_uuid_is_acted_on_once()
    {
        var member = AddMember("Once");
        var uuid = Guid.NewGuid().ToString();

        var first = await (await _app.PostWebhookAsync("CUSTOMER_CREATED", member.Id, uuid)).Content.ReadFromJsonAsync<JsonElement>();
        var again = await (await _app.PostWebhookAsync("CUSTOMER_CREATED", member.Id, uuid)).Content.ReadFromJsonAsync<JsonElement>();
        var unknown = await (await _app.PostWebhookAsync("CUSTOMER_COMMUNICATION_PREFERENCES_UPDATED", member.Id)).Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(1, first.GetProperty("queued").GetInt32());
        Assert.Equal(1, again.GetProperty("duplicates").GetInt32());
        Assert.Equal(1, unknown.GetProperty("ignored").GetInt32());
        await _app.WaitForQueuesAsync();
        Assert.Equal(1, _app.Simulator.RequestCounts["GET /v1/customers/{customerId}"]);
    }

    [Fact]
    public async Task Customer_contract_checkin_and_deletion_events_reach_the_tables()
    {
        var member = AddMember("Hook");
        var contract = _app.Simulator.Store.AddContract(member.Id, new SimulatedContract { RateName = "Gold", RateCodes = [new SimulatedRateCode("Gold", "GOLD")] });
        var id = member.Id.ToString(CultureInfo.InvariantCulture);

        await _app.PostWebhookAsync("CUSTOMER_CREATED", member.Id);
        await _app.WaitForQueuesAsync();
        Assert.Equal("Active", (await _app.Table(TableNames.Clients).GetEntityAsync<TableEntity>(SyncApp.Integration, id)).Value.GetString("Status"));
        Assert.Equal("Active", (await PackageAsync(id, contract.Id)).GetString("Status"));

        // Notice given: the package runs until the contract's end date, then expires.
        _app.Simulator.Store.UpdateContract(contract.Id, c => c with { Cancelled = true, CancellationDate = "2026-11-01", EndDate = "2099-01-31" });
        await _app.PostWebhookAsync("CONTRACT_CANCELLED", member.Id);
        await _app.WaitForQueuesAsync();
        Assert.Equal("Active", (await PackageAsync(id, contract.Id)).GetString("Status"));
        Assert.Equal("2099-01-31", (await PackageAsync(id, contract.Id)).GetString("EndDate"));

        _app.Simulator.Store.UpdateContract(contract.Id, c => c with { EndDate = "2020-01-31" });
        await _app.PostWebhookAsync("CONTRACT_UPDATED", member.Id);
        await _app.WaitForQueuesAsync();
        Assert.Equal("Expired", (await PackageAsync(id, contract.Id)).GetString("Status"));

        var swipe = _app.Simulator.Store.AddCheckin(member.Id, DateTimeOffset.UtcNow, North);
        await _app.PostWebhookAsync("CUSTOMER_CHECKIN", member.Id);
        await _app.WaitForQueuesAsync();
        var access = (await _app.Table(TableNames.DoorAccess).GetEntityAsync<TableEntity>($"{SyncApp.Integration}:{swipe.CheckInDateTime.UtcDateTime:yyyy-MM-dd}", swipe.CheckinId.ToString(CultureInfo.InvariantCulture))).Value;
        Assert.Equal("door-n", access.GetString("DoorId"));

        _app.Simulator.Store.Delete(member.Id);
        await _app.PostWebhookAsync("CUSTOMER_DELETED", member.Id);
        await _app.WaitForQueuesAsync();
        var deleted = (await _app.Table(TableNames.Clients).GetEntityAsync<TableEntity>(SyncApp.Integration, id)).Value;
        Assert.True(deleted.GetBoolean("Deleted"));
        Assert.Equal("Inactive", deleted.GetString("Status"));
    }

    [Fact]
    public async Task A_missed_webhook_is_caught_by_the_next_poll_with_the_same_final_tables()
    {
        // Two identical clubs: one app hears every change by webhook, the other only polls.
        await using var polled = await SyncApp.StartAsync(customers: 0);
        await SeedPlatformAsync(polled);
        var hooked = _app;
        hooked.Simulator.Store.Changed += (type, entityId, _) => hooked.PostWebhookAsync(type, entityId).GetAwaiter().GetResult();
        var stays = new[] { hooked, polled }.Select(a => (a, AddMember(a, "Stays"))).ToList();
        var leaves = new[] { hooked, polled }.Select(a => (a, AddMember(a, "Leaves"))).ToList();
        foreach (var (a, m) in stays)
        {
            a.Simulator.Store.AddContract(m.Id, new SimulatedContract { RateName = "Gold", RateCodes = [new SimulatedRateCode("Gold", "GOLD")] });
        }

        await polled.RunInitialSyncAsync();
        foreach (var (a, m) in stays)
        {
            var contract = a.Simulator.Store.Contracts(m.Id)[0];
            a.Simulator.Store.UpdateContract(contract.Id, c => c with { ContractStatus = "INACTIVE" });
            a.Simulator.Store.AddCheckin(m.Id, DateTimeOffset.UtcNow, North);
        }

        foreach (var (a, m) in leaves)
        {
            a.Simulator.Store.Delete(m.Id);
        }

        await hooked.WaitForQueuesAsync();

        // The poller: the scheduled client sync, package sweep and access sync.
        await polled.RunScheduleAsync("ClientSync");
        await polled.WaitForQueuesAsync();
        await polled.WaitForRunsAsync(); // the scan's run completed (its absent members made inactive) before the sweeps
        await polled.RunScheduleAsync("PackageSweep");
        await polled.RunScheduleAsync("AccessSync");
        await polled.WaitForQueuesAsync();

        Assert.Equal(await SnapshotAsync(hooked), await SnapshotAsync(polled));
    }

    private static async Task<string> SnapshotAsync(SyncApp app)
    {
        // Member ids differ between the two clubs only by position, so rows are compared by order and content.
        var clients = (await app.RowsAsync(TableNames.Clients, SyncApp.Integration)).OrderBy(c => c.RowKey, StringComparer.Ordinal)
            .Select(c => $"{c.GetString("FirstName")}|{c.GetString("Status")}|{c.GetBoolean("Deleted")}");
        var range = $"PartitionKey ge '{SyncApp.Integration}:' and PartitionKey lt '{SyncApp.Integration};'";
        var packages = (await app.Table(TableNames.ClientPackages).QueryAsync<TableEntity>(range).ToListAsync())
            .Select(p => $"{p.GetString("PackageAltId")}|{p.GetString("Status")}").Order(StringComparer.Ordinal);
        var accesses = (await app.Table(TableNames.DoorAccess).QueryAsync<TableEntity>(range).ToListAsync())
            .Select(a => $"{a.GetString("LocationId")}|{a.GetString("DoorId")}").Order(StringComparer.Ordinal);
        return string.Join('\n', clients.Concat(["--"]).Concat(packages).Concat(["--"]).Concat(accesses));
    }

    private SimulatedCustomer AddMember(string name) => AddMember(_app, name);

    private static SimulatedCustomer AddMember(SyncApp app, string name) =>
        app.Simulator.Store.Add(new SimulatedCustomer { FirstName = name, LastName = "Test", Status = "MEMBER", StudioId = North });

    private async Task<TableEntity> PackageAsync(string clientId, long contractId) =>
        (await _app.Table(TableNames.ClientPackages).GetEntityAsync<TableEntity>($"{SyncApp.Integration}:{clientId}", $"contract:{contractId.ToString(CultureInfo.InvariantCulture)}")).Value;

    private static async Task SeedPlatformAsync(SyncApp app)
    {
        await app.Table(TableNames.Packages).CreateIfNotExistsAsync();
        await app.Table(TableNames.Packages).UpsertEntityAsync(new TableEntity(SyncApp.Integration, "rate_GOLD") { ["Active"] = true });
        await app.Table(TableNames.Locations).CreateIfNotExistsAsync();
        await app.Table(TableNames.Locations).UpsertEntityAsync(new TableEntity(SyncApp.Integration, "loc-north") { ["ClubNumber"] = North.ToString(CultureInfo.InvariantCulture), ["DoorId"] = "door-n" });
    }
}
