using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;
using Fisikal.Sync.Core.Storage;
using Fisikal.Sync.Core.Sync;
using Fisikal.Sync.Simulators.PerfectGymClassic;
using Fisikal.Sync.Tests.Infrastructure;

namespace Fisikal.Sync.Tests.Sync;

/// <summary>
/// A PerfectGym classic club through the real app (standalone: routes, pump, scheduler) on Azurite: the initial
/// sync, the ongoing client sync and access sync over version cursors, and the catalog, as seed 000 describes them.
/// </summary>
public sealed class PerfectGymClassicSyncTests : IAsyncLifetime
{
    private const string Pgm = "pgm";
    private PerfectGymClassicSimulator _club = null!;
    private SyncApp _app = null!;

    public async Task InitializeAsync()
    {
        _club = await PerfectGymClassicSimulator.StartAsync(new PerfectGymClassicSimulatorOptions { Members = 40, PageSize = 9 });
        _app = await SyncApp.StartAsync(customers: 0, settings: TestAppSettings.ForClassic(_club, Pgm));
        var packages = _app.Table(TableNames.Packages);
        await packages.CreateIfNotExistsAsync();
        foreach (var altId in new[] { "payment_plan_21", "payment_plan_22", "payment_plan_23", "product_26", "product_27" })
        {
            await packages.UpsertEntityAsync(new TableEntity(Pgm, altId) { ["Name"] = altId, ["Active"] = true });
        }

        var locations = _app.Table(TableNames.Locations);
        await locations.CreateIfNotExistsAsync();
        await locations.UpsertEntityAsync(new TableEntity(Pgm, "loc-1") { ["ClubNumber"] = "1", ["DoorId"] = "door-1", ["Name"] = "One" });
        await locations.UpsertEntityAsync(new TableEntity(Pgm, "loc-2") { ["ClubNumber"] = "2", ["DoorId"] = "door-2", ["Name"] = "Two" });
        await _app.Table(TableNames.Bookings).CreateIfNotExistsAsync();
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _club.DisposeAsync();
    }

    [Fact]
    public async Task The_initial_sync_creates_every_member_with_payment_plan_and_product_packages()
    {
        var deleted = Members()[5];
        _club.Store.Delete(PerfectGymClassicStore.Members, deleted);
        var guest = Id(_club.Store.AddMember("Gus", "Guest", "gus@example.test", null, 1, memberType: "Guest"));

        var progress = await _app.RunInitialSyncAsync(integration: Pgm);
        await _app.WaitForQueuesAsync();

        Assert.Equal("Completed", progress.GetProperty("status").GetString());
        Assert.NotEmpty(_club.Store.Query(PerfectGymClassicStore.Contracts, c => c["isDeleted"]!.GetValue<bool>(), "id")); // assign nothing (below)
        var clients = await _app.RowsAsync(TableNames.Clients, Pgm);
        var expected = Members().Where(m => m != deleted && m != guest).Select(Key).Order(StringComparer.Ordinal);
        Assert.Equal(expected, clients.Select(c => c.RowKey).Order(StringComparer.Ordinal));
        Assert.All(clients, c => Assert.Equal("Active", c.GetString("Status")));

        // Every running contract with a platform package is assigned; plan 24 has none: one notification.
        foreach (var member in Members().Where(m => m != deleted && m != guest))
        {
            var rows = await _app.RowsAsync(TableNames.ClientPackages, $"{Pgm}:{Key(member)}");
            foreach (var contract in _club.Store.Query(PerfectGymClassicStore.Contracts, c => Id(c["memberId"]) == member, "id"))
            {
                var plan = Id(contract["paymentPlanId"]);
                var row = rows.SingleOrDefault(r => r.RowKey == $"contract:{Id(contract["id"])}");
                if (plan == 24 || contract["isDeleted"]!.GetValue<bool>())
                {
                    Assert.Null(row);
                    continue;
                }

                Assert.NotNull(row);
                Assert.Equal($"payment_plan_{plan}", row.GetString("PackageAltId"));
                Assert.Equal(contract["status"]!.GetValue<string>() == "Current" ? "Active" : "Expired", row.GetString("Status"));
            }
        }

        var notifications = await _app.RowsAsync(TableNames.Notifications, Pgm);
        Assert.Contains(notifications, n => n.GetString("Kind") == "UnmatchedPackage" && n.GetString("Message")!.Contains("payment_plan_24", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_initial_sync_of_one_location_creates_only_its_members_and_leaves_the_rest_to_the_client_sync()
    {
        var progress = await _app.RunInitialSyncAsync(new { locationId = "loc-1" }, integration: Pgm);
        await _app.WaitForQueuesAsync();

        Assert.Equal("Completed", progress.GetProperty("status").GetString());
        var atOne = _club.Store.Query(PerfectGymClassicStore.Members, m => Id(m["homeClubId"]) == 1, "id").Select(m => Key(Id(m))).Order(StringComparer.Ordinal);
        Assert.Equal(atOne, (await _app.RowsAsync(TableNames.Clients, Pgm)).Select(c => c.RowKey).Order(StringComparer.Ordinal));

        // No cursors were taken by a one-location sync, so the ongoing sync's first pass brings everyone.
        await _app.RunScheduleAsync("ClientSync", Pgm);
        await _app.WaitForQueuesAsync();
        Assert.Equal(Members().Count, (await _app.RowsAsync(TableNames.Clients, Pgm)).Count);
    }

    [Fact]
    public async Task The_client_sync_reads_changes_new_members_deletes_plan_moves_and_product_expiry()
    {
        await _app.RunInitialSyncAsync(integration: Pgm);
        await _app.WaitForQueuesAsync();
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var before = _club.RequestCounts.GetValueOrDefault("GET Members");

        // A new member with a contract and an add-on that runs a month.
        var newcomer = Id(_club.Store.AddMember("Nia", "New", "nia@example.test", new DateOnly(1995, 3, 4), 2));
        var newContract = Id(_club.Store.AddContract(newcomer, 22, today));
        var addOn = Id(_club.Store.AddMemberProduct(newcomer, 26, today, today.AddDays(30)));

        // A member deleted at the club.
        var leaver = Members()[2];
        _club.Store.Delete(PerfectGymClassicStore.Members, leaver);

        // A member moving to another plan: the old contract ends, a new one starts on plan 23.
        var mover = Members()[7];
        var oldContract = _club.Store.Query(PerfectGymClassicStore.Contracts, c => Id(c["memberId"]) == mover, "id")[0];
        _club.Store.Update(PerfectGymClassicStore.Contracts, Id(oldContract["id"]), c =>
        {
            c["status"] = "Ended";
            c["isActive"] = false;
            c["endDate"] = today.AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "T00:00:00Z";
        });
        var movedTo = Id(_club.Store.AddContract(mover, 23, today));

        // A member product whose expiry date has passed.
        var expiring = Id(_club.Store.AddMemberProduct(Members()[9], 27, today.AddDays(-90), today.AddDays(-1)));

        // A running contract deleted at the club (isDeleted): its package, already written, expires.
        var mistake = _club.Store.Query(
            PerfectGymClassicStore.Contracts,
            c => Members().Skip(10).Contains(Id(c["memberId"])) && !c["isDeleted"]!.GetValue<bool>() && c["status"]!.GetValue<string>() == "Current" && Id(c["paymentPlanId"]) != 24,
            "id")[0];
        var mistakeOwner = Id(mistake["memberId"]);
        var mistakeKey = $"contract:{Id(mistake["id"])}";
        Assert.Equal("Active", (await PackagesAsync(mistakeOwner))[mistakeKey].GetString("Status"));
        _club.Store.Delete(PerfectGymClassicStore.Contracts, Id(mistake["id"]));

        await _app.RunScheduleAsync("ClientSync", Pgm);
        await _app.WaitForQueuesAsync();

        var client = (await _app.Table(TableNames.Clients).GetEntityAsync<TableEntity>(Pgm, Key(newcomer))).Value;
        Assert.Equal("Nia", client.GetString("FirstName"));
        Assert.Equal("1995-03-04", client.GetString("DateOfBirth"));
        Assert.Equal("loc-2", client.GetString("HomeLocationId"));
        Assert.Equal("Active", client.GetString("Status"));
        var nia = await PackagesAsync(newcomer);
        Assert.Equal("payment_plan_22", nia[$"contract:{newContract}"].GetString("PackageAltId"));
        Assert.Equal("Active", nia[$"product:{addOn}"].GetString("Status"));
        Assert.Equal(today.AddDays(30).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), nia[$"product:{addOn}"].GetString("EndDate"));

        var gone = (await _app.Table(TableNames.Clients).GetEntityAsync<TableEntity>(Pgm, Key(leaver))).Value;
        Assert.True(gone.GetBoolean("Deleted"));
        Assert.Equal("Inactive", gone.GetString("Status"));

        var moved = await PackagesAsync(mover);
        Assert.Equal("Expired", moved[$"contract:{Id(oldContract["id"])}"].GetString("Status"));
        Assert.Equal("payment_plan_23", moved[$"contract:{movedTo}"].GetString("PackageAltId"));
        Assert.Equal("Active", moved[$"contract:{movedTo}"].GetString("Status"));

        Assert.Equal("Expired", (await PackagesAsync(Members()[9]))[$"product:{expiring}"].GetString("Status"));
        Assert.Equal("Expired", (await PackagesAsync(mistakeOwner))[mistakeKey].GetString("Status"));

        // Deltas: one Members page (the changes), not a scan of all 40 again.
        Assert.Equal(before + 1, _club.RequestCounts.GetValueOrDefault("GET Members"));

        // Quiet now: another run finds nothing to do.
        var writes = (await _app.RowsAsync(TableNames.Clients, Pgm)).Max(c => c.GetDateTimeOffset("SyncedAt"));
        await _app.RunScheduleAsync("ClientSync", Pgm);
        await _app.WaitForQueuesAsync();
        Assert.Equal(writes, (await _app.RowsAsync(TableNames.Clients, Pgm)).Max(c => c.GetDateTimeOffset("SyncedAt")));
    }

    [Fact]
    public async Task A_member_changed_between_two_pages_of_a_change_pass_ends_up_as_last_changed()
    {
        await _app.RunInitialSyncAsync(integration: Pgm);
        await _app.WaitForQueuesAsync();
        var changedFirst = Members().Take(20).ToList();
        foreach (var id in changedFirst)
        {
            _club.Store.Update(PerfectGymClassicStore.Members, id, m => m["email"] = $"changed-{Id(m["id"])}@example.test");
        }

        var target = changedFirst[0];
        var once = false;
        _club.Faults.BetweenPages = set =>
        {
            if (set == PerfectGymClassicStore.Members && !once)
            {
                once = true;
                _club.Store.Update(PerfectGymClassicStore.Members, target, m => m["lastName"] = "Late-Change");
            }
        };

        await _app.RunScheduleAsync("ClientSync", Pgm);
        await _app.WaitForQueuesAsync();

        var row = (await _app.Table(TableNames.Clients).GetEntityAsync<TableEntity>(Pgm, Key(target))).Value;
        Assert.Equal("Late-Change", row.GetString("LastName"));
        Assert.Equal($"changed-{Key(target)}@example.test", row.GetString("Email"));
        foreach (var id in changedFirst)
        {
            Assert.Equal($"changed-{Key(id)}@example.test", (await _app.Table(TableNames.Clients).GetEntityAsync<TableEntity>(Pgm, Key(id))).Value.GetString("Email"));
        }
    }

    [Fact]
    public async Task Club_visits_become_door_access_and_mark_a_booking_attended()
    {
        await _app.RunInitialSyncAsync(integration: Pgm);
        await _app.WaitForQueuesAsync();
        var member = Members()[0];
        var now = DateTimeOffset.UtcNow;
        var partition = $"{Pgm}:{now.UtcDateTime:yyyy-MM-dd}"; // the visit's day
        var classDay = $"{Pgm}:{now.AddMinutes(10).UtcDateTime:yyyy-MM-dd}"; // the class's (the next, near midnight)
        await _app.Table(TableNames.Bookings).UpsertEntityAsync(new TableEntity(classDay, "class-1") { ["ClientId"] = Key(member), ["LocationId"] = "loc-1", ["StartsAt"] = now.AddMinutes(10) });
        await _app.Table(TableNames.Bookings).UpsertEntityAsync(new TableEntity(classDay, "class-2") { ["ClientId"] = Key(member), ["LocationId"] = "loc-2", ["StartsAt"] = now.AddMinutes(10) });
        var visit = _club.Store.AddVisit(member, 1, now);
        var old = _club.Store.AddVisit(member, 1, now.AddDays(-5));

        await _app.RunScheduleAsync("AccessSync", Pgm);
        await _app.WaitForQueuesAsync();

        var access = (await _app.Table(TableNames.DoorAccess).GetEntityAsync<TableEntity>(partition, Key(Id(visit["id"])))).Value;
        Assert.Equal(Key(member), access.GetString("ClientId"));
        Assert.Equal("loc-1", access.GetString("LocationId"));
        Assert.Equal("door-1", access.GetString("DoorId"));
        Assert.Null(await _app.Table(TableNames.DoorAccess).GetEntityOrNullAsync($"{Pgm}:{now.AddDays(-5).UtcDateTime:yyyy-MM-dd}", Key(Id(old["id"]))));
        Assert.True((await _app.Table(TableNames.Bookings).GetEntityAsync<TableEntity>(classDay, "class-1")).Value.GetBoolean("Attended"));
        Assert.Null((await _app.Table(TableNames.Bookings).GetEntityAsync<TableEntity>(classDay, "class-2")).Value.GetBoolean("Attended"));

        // The next pass starts after the last visit read: a new visit only.
        var later = _club.Store.AddVisit(member, 2, now.AddMinutes(1));
        await _app.RunScheduleAsync("AccessSync", Pgm);
        await _app.WaitForQueuesAsync();
        Assert.NotNull(await _app.Table(TableNames.DoorAccess).GetEntityOrNullAsync($"{Pgm}:{now.AddMinutes(1).UtcDateTime:yyyy-MM-dd}", Key(Id(later["id"]))));
    }

    [Fact]
    public async Task The_catalog_shows_every_plan_and_product_with_its_alt_id_and_whether_a_package_exists()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/integrations/{Pgm}/catalog") { Headers = { { "x-admin-key", SyncApp.AdminKey } } };
        using var response = await _app.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var items = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(7, items.Count);
        var gold = items.Single(i => i.GetProperty("altId").GetString() == "payment_plan_21");
        Assert.Equal("paymentPlan", gold.GetProperty("kind").GetString());
        Assert.Equal("21", gold.GetProperty("sourceId").GetString());
        Assert.Equal("Gold 12 months", gold.GetProperty("name").GetString());
        Assert.True(gold.GetProperty("hasPackage").GetBoolean());
        Assert.False(items.Single(i => i.GetProperty("altId").GetString() == "payment_plan_24").GetProperty("hasPackage").GetBoolean());
        Assert.False(items.Single(i => i.GetProperty("altId").GetString() == "product_28").GetProperty("hasPackage").GetBoolean());

        using var anonymous = await _app.Anonymous.GetAsync(new Uri($"/api/integrations/{Pgm}/catalog", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    private List<long> Members() => [.. _club.Store.Query(PerfectGymClassicStore.Members, _ => true, "id").Select(m => Id(m["id"]))];

    private async Task<Dictionary<string, TableEntity>> PackagesAsync(long member) =>
        (await _app.RowsAsync(TableNames.ClientPackages, $"{Pgm}:{Key(member)}")).ToDictionary(r => r.RowKey);

    private static long Id(System.Text.Json.Nodes.JsonNode? node) => node!.GetValue<long>();

    private static long Id(System.Text.Json.Nodes.JsonObject row) => Id(row["id"]);

    private static string Key(long id) => id.ToString(CultureInfo.InvariantCulture);
}
