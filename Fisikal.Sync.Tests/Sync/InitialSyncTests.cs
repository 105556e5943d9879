using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;
using Fisikal.Sync.Core.Storage;
using Fisikal.Sync.Core.Sync;
using Fisikal.Sync.Simulators.PerfectGymNext;
using Fisikal.Sync.Tests.Infrastructure;

namespace Fisikal.Sync.Tests.Sync;

/// <summary>Initial sync end to end: HTTP → queue → PerfectGym Next simulator → Clients, on a real Azurite.</summary>
public sealed class InitialSyncTests : IAsyncLifetime
{
    private SyncApp _app = null!;

    public async Task InitializeAsync()
    {
        // 234 customers: three slices of 100, the last one partial.
        _app = await SyncApp.StartAsync(customers: 234, settings: new Dictionary<string, string?> { [$"Integrations:{SyncApp.Integration}:SliceSize"] = "100" });
        var locations = _app.Table(TableNames.Locations);
        await locations.CreateIfNotExistsAsync();
        await locations.UpsertEntityAsync(new TableEntity(SyncApp.Integration, "loc-north") { ["ClubNumber"] = "1210000101", ["Name"] = "North", ["DoorId"] = "door-n" });
        await locations.UpsertEntityAsync(new TableEntity(SyncApp.Integration, "loc-south") { ["ClubNumber"] = "1210000102", ["Name"] = "South", ["DoorId"] = "door-s" });
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Members_become_clients_exactly_once_with_the_contract_columns()
    {
        var customers = _app.Simulator.Store.All();
        var members = customers.Where(c => c.Status == "MEMBER").ToList();

        var progress = await _app.RunInitialSyncAsync();

        Assert.Equal("Completed", progress.GetProperty("status").GetString());
        Assert.Equal(customers.Count, progress.GetProperty("membersSeen").GetInt32());
        Assert.Equal(members.Count, progress.GetProperty("clientsWritten").GetInt32());
        Assert.Equal(customers.Count - members.Count, progress.GetProperty("skippedInactive").GetInt32());
        Assert.Equal(0, progress.GetProperty("errors").GetInt32());
        Assert.Equal(3, progress.GetProperty("pagesRead").GetInt32());

        var clients = await _app.RowsAsync(TableNames.Clients, SyncApp.Integration);
        Assert.Equal(members.Select(m => m.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)).Order(StringComparer.Ordinal), clients.Select(c => c.RowKey).Order(StringComparer.Ordinal));

        var sample = members.First(m => m.StudioId == 1210000101);
        var row = clients.Single(c => c.RowKey == sample.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(sample.FirstName, row.GetString("FirstName"));
        Assert.Equal(sample.LastName, row.GetString("LastName"));
        Assert.Equal(sample.Email, row.GetString("Email"));
        Assert.Equal(sample.DateOfBirth, row.GetString("DateOfBirth"));
        Assert.Equal("loc-north", row.GetString("HomeLocationId"));
        Assert.Equal("Active", row.GetString("Status"));
        Assert.False(row.GetBoolean("Deleted"));
        Assert.Contains(clients, c => c.GetString("FirstName")!.Any(ch => ch > 127));
        Assert.Equal(string.Empty, clients.First(c => c.GetString("HomeClubNumber") == "1210000103").GetString("HomeLocationId"));
    }

    [Fact]
    public async Task Running_it_again_changes_nothing_but_what_changed_at_the_source()
    {
        await _app.RunInitialSyncAsync();
        var member = _app.Simulator.Store.All().First(c => c.Status == "MEMBER");
        _app.Simulator.Store.Update(member.Id, c => c with { Status = "FORMER_MEMBER", LastName = "Changed" });
        var newcomer = _app.Simulator.Store.Add(new SimulatedCustomer { FirstName = "New", LastName = "Member", Status = "MEMBER" });
        var before = (await _app.RowsAsync(TableNames.Clients, SyncApp.Integration)).ToDictionary(c => c.RowKey, c => c.ETag, StringComparer.Ordinal);

        var again = await _app.RunInitialSyncAsync();

        // Written: the one that changed and the newcomer; every other row is untouched (its ETag, which any write changes).
        Assert.Equal(2, again.GetProperty("clientsWritten").GetInt32());
        var clients = await _app.RowsAsync(TableNames.Clients, SyncApp.Integration);
        var rewritten = clients.Where(c => before.TryGetValue(c.RowKey, out var etag) && etag != c.ETag).Select(c => c.RowKey);
        Assert.Equal([member.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)], rewritten);
        Assert.Equal(_app.Simulator.Store.All().Count(c => c.Status == "MEMBER") + 1, clients.Count);
        var former = clients.Single(c => c.RowKey == member.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("Inactive", former.GetString("Status"));
        Assert.Equal("Changed", former.GetString("LastName"));
        Assert.Contains(clients, c => c.RowKey == newcomer.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task A_malformed_member_is_quarantined_with_its_reason_and_the_rest_are_synced()
    {
        var bad = _app.Simulator.Store.All().First(c => c.Status == "MEMBER");
        _app.Simulator.Store.MarkMalformed(bad.Id);

        var progress = await _app.RunInitialSyncAsync();

        Assert.Equal("Completed", progress.GetProperty("status").GetString());
        Assert.Equal(1, progress.GetProperty("errors").GetInt32());
        var clients = await _app.RowsAsync(TableNames.Clients, SyncApp.Integration);
        Assert.Equal(_app.Simulator.Store.All().Count(c => c.Status == "MEMBER") - 1, clients.Count);
        var notification = (await _app.RowsAsync(TableNames.Notifications, SyncApp.Integration)).Single(n => n.GetString("Kind") == "MalformedRecord");
        Assert.Equal(bad.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), notification.GetString("SourceId"));
        Assert.Contains("could not be read", notification.GetString("Message"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_record_repeated_across_slices_is_written_once_and_counted_once()
    {
        _app.Simulator.Faults.RepeatLastRecordAcrossSlices = true;

        var progress = await _app.RunInitialSyncAsync();

        var members = _app.Simulator.Store.All().Count(c => c.Status == "MEMBER");
        Assert.Equal(members, progress.GetProperty("clientsWritten").GetInt32()); // writes, not rows: a second write would count
        Assert.Equal(_app.Simulator.Store.Count, progress.GetProperty("membersSeen").GetInt32());
        Assert.Equal(members, (await _app.RowsAsync(TableNames.Clients, SyncApp.Integration)).Count);
    }

    [Fact]
    public async Task One_location_syncs_only_its_members()
    {
        var progress = await _app.RunInitialSyncAsync(new { locationId = "loc-south" });

        Assert.Equal("Completed", progress.GetProperty("status").GetString());
        Assert.Equal("loc-south", progress.GetProperty("locationId").GetString());
        var clients = await _app.RowsAsync(TableNames.Clients, SyncApp.Integration);
        Assert.Equal(_app.Simulator.Store.All().Count(c => c.Status == "MEMBER" && c.StudioId == 1210000102), clients.Count);
        Assert.All(clients, c => Assert.Equal("loc-south", c.GetString("HomeLocationId")));
    }

    [Fact]
    public async Task Bad_requests_get_problem_details()
    {
        var unknownIntegration = await _app.Http.PostAsync(new Uri("/api/integrations/nope/initial-sync", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.NotFound, unknownIntegration.StatusCode);
        Assert.Equal("application/problem+json", unknownIntegration.Content.Headers.ContentType!.MediaType);

        var unknownLocation = await _app.Http.PostAsJsonAsync(new Uri($"/api/integrations/{SyncApp.Integration}/initial-sync", UriKind.Relative), new { locationId = "nowhere" });
        Assert.Equal(HttpStatusCode.NotFound, unknownLocation.StatusCode);
        Assert.Contains("nowhere", await unknownLocation.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var badJson = await _app.Http.PostAsync(new Uri($"/api/integrations/{SyncApp.Integration}/initial-sync", UriKind.Relative), new StringContent("{not json", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, badJson.StatusCode);

        var unknownRun = await _app.Http.GetAsync(new Uri($"/api/integrations/{SyncApp.Integration}/sync-runs/20260101T000000Z-00000000", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, unknownRun.StatusCode);
        Assert.Equal("application/problem+json", unknownRun.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task The_api_key_appears_in_no_log_and_no_table()
    {
        var bad = _app.Simulator.Store.All()[3];
        _app.Simulator.Store.MarkMalformed(bad.Id);
        await _app.RunInitialSyncAsync();

        Assert.NotEmpty(_app.AllLogs());
        Assert.DoesNotContain(_app.Simulator.Options.ApiKey, _app.AllLogs(), StringComparison.Ordinal);
        foreach (var table in TableNames.All)
        {
            await foreach (var row in _app.Table(table).QueryAsync<TableEntity>())
            {
                Assert.DoesNotContain(row, p => p.Value is string s && s.Contains(_app.Simulator.Options.ApiKey, StringComparison.Ordinal));
            }
        }
    }

    [Fact]
    public async Task Health_answers_when_storage_does()
    {
        var health = await _app.Http.GetFromJsonAsync<JsonElement>(new Uri("/api/health", UriKind.Relative));
        Assert.Equal("Healthy", health.GetProperty("status").GetString());
    }
}
