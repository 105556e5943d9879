using System.Globalization;
using System.Net;
using Azure.Data.Tables;
using Fisikal.Sync.Core.Storage;
using Fisikal.Sync.Core.Sync;
using Fisikal.Sync.Simulators.PerfectGymNext;
using Fisikal.Sync.Tests.Infrastructure;

namespace Fisikal.Sync.Tests.Operations;

/// <summary>An operator's per-member re-sync: 202, then within seconds the member's client, packages and recent check-ins.</summary>
public sealed class ResyncTests : IAsyncLifetime
{
    private const long North = 1210000101;
    private SyncApp _app = null!;

    public async Task InitializeAsync()
    {
        _app = await SyncApp.StartAsync(customers: 0, settings: TestAppSettings.SchedulesOnDemand(SyncApp.Integration)); // no schedule but the re-sync writes
        var locations = _app.Table(TableNames.Locations);
        await locations.CreateIfNotExistsAsync();
        await locations.UpsertEntityAsync(new TableEntity(SyncApp.Integration, "loc-north") { ["ClubNumber"] = North.ToString(CultureInfo.InvariantCulture), ["DoorId"] = "door-n" });
        var packages = _app.Table(TableNames.Packages);
        await packages.CreateIfNotExistsAsync();
        await packages.UpsertEntityAsync(new TableEntity(SyncApp.Integration, "rate_GOLD") { ["Active"] = true });
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task A_resync_refreshes_the_member_their_packages_and_check_ins_within_seconds()
    {
        var member = _app.Simulator.Store.Add(new SimulatedCustomer { FirstName = "Rita", LastName = "Before", Status = "MEMBER", StudioId = North });
        await _app.RunInitialSyncAsync();
        await _app.WaitForQueuesAsync();
        var id = member.Id.ToString(CultureInfo.InvariantCulture);

        // Changes at the club that no webhook announced.
        _app.Simulator.Store.Update(member.Id, c => c with { LastName = "After" });
        var contract = _app.Simulator.Store.AddContract(member.Id, new SimulatedContract { RateName = "Gold", RateCodes = [new SimulatedRateCode("Gold", "GOLD")], StartDate = "2026-01-01" });
        var swipe = _app.Simulator.Store.AddCheckin(member.Id, DateTimeOffset.UtcNow, North);

        using var response = await _app.Http.PostAsync(new Uri($"/api/integrations/{SyncApp.Integration}/members/{id}/resync", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await _app.WaitForQueuesAsync();

        Assert.Equal("After", (await _app.Table(TableNames.Clients).GetEntityAsync<TableEntity>(SyncApp.Integration, id)).Value.GetString("LastName"));
        var package = (await _app.Table(TableNames.ClientPackages).GetEntityAsync<TableEntity>($"{SyncApp.Integration}:{id}", $"contract:{contract.Id}")).Value;
        Assert.Equal("rate_GOLD", package.GetString("PackageAltId"));
        Assert.Equal("Active", package.GetString("Status"));
        Assert.NotNull(await _app.Table(TableNames.DoorAccess).GetEntityOrNullAsync($"{SyncApp.Integration}:{swipe.CheckInDateTime.UtcDateTime:yyyy-MM-dd}", swipe.CheckinId.ToString(CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task A_resync_needs_the_admin_key_and_a_known_integration()
    {
        using var anonymous = await _app.Anonymous.PostAsync(new Uri($"/api/integrations/{SyncApp.Integration}/members/1/resync", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        using var unknown = await _app.Http.PostAsync(new Uri("/api/integrations/nope/members/1/resync", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task A_schedule_that_does_not_apply_to_an_integrations_kind_is_neither_listed_for_it_nor_run()
    {
        var functions = await System.Net.Http.Json.HttpClientJsonExtensions.GetFromJsonAsync<System.Text.Json.JsonElement>(_app.Http, new Uri("/api/schedules", UriKind.Relative));
        var cleanup = functions.EnumerateArray().Single(f => f.GetProperty("name").GetString() == "ChangeCleanup");
        Assert.Empty(cleanup.GetProperty("integrations").EnumerateArray());
        Assert.Contains(SyncApp.Integration, functions.EnumerateArray().Single(f => f.GetProperty("name").GetString() == "ClientSync").GetProperty("integrations").EnumerateArray().Select(i => i.GetString()));

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/schedules/ChangeCleanup") { Content = System.Net.Http.Json.JsonContent.Create(new { integration = SyncApp.Integration }) };
        using var refused = await _app.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
    }
}
