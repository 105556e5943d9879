using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Fisikal.Sync.Core.Sources.Gladstone;
using Azure.Data.Tables;
using Fisikal.Sync.Core.Storage;
using Fisikal.Sync.Core.Sync;
using Fisikal.Sync.Simulators.Gladstone;
using Fisikal.Sync.Tests.Infrastructure;

namespace Fisikal.Sync.Tests.Sync;

/// <summary>
/// Gladstone Plus 2 through the real app on Azurite, rule by rule as seed 001 has them: the run-id change feed committed
/// only after the writes, active StatusIDs, minimum age, deletes, SubTypeID packages with tiers and expiry, door access,
/// the daily subscription-type check with one digest e-mail to a local SMTP server, the quiet-hour cleanup, and login.
/// Against the simulator alone: no Gladstone vendor file exists to test against (Published/README.md).
/// </summary>
public sealed class GladstoneSyncTests : IAsyncLifetime
{
    private const string Gp2 = "gp2";
    private GladstoneSimulator _service = null!;
    private SmtpListener _smtp = null!;
    private SyncApp _app = null!;

    public async Task InitializeAsync()
    {
        _service = await GladstoneSimulator.StartAsync(new GladstoneSimulatorOptions { Members = 30 });
        _smtp = new SmtpListener();
        var settings = TestAppSettings.ForGladstone(_service, Gp2);
        settings[$"Integrations:{Gp2}:ActiveStatuses:0"] = "Active";
        settings[$"Integrations:{Gp2}:MinimumAge"] = "16";
        settings[$"Integrations:{Gp2}:DeleteOnIsDeleted"] = "true";
        settings[$"Integrations:{Gp2}:SubscriptionTypeGroupIds:0"] = "FISIK";
        settings[$"Integrations:{Gp2}:NotificationEmails:0"] = "ops@example.test";
        settings[$"Integrations:{Gp2}:NotificationEmails:1"] = "club@example.test";
        settings[$"Integrations:{Gp2}:ValidationType"] = "PIN";
        settings["Smtp:Host"] = "127.0.0.1";
        settings["Smtp:Port"] = _smtp.Port.ToString(CultureInfo.InvariantCulture);
        settings["Auth:SessionSigningKey"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        _app = await SyncApp.StartAsync(customers: 0, settings: settings);

        var packages = _app.Table(TableNames.Packages);
        await packages.CreateIfNotExistsAsync();
        foreach (var altId in new[] { "PTPK", "PTPK02", "GYMACC" })
        {
            await packages.UpsertEntityAsync(new TableEntity(Gp2, altId) { ["Active"] = true });
        }

        var locations = _app.Table(TableNames.Locations);
        await locations.CreateIfNotExistsAsync();
        await locations.UpsertEntityAsync(new TableEntity(Gp2, "loc-s01") { ["ClubNumber"] = "S01", ["DoorId"] = "S01", ["Name"] = "Site one" });
        await locations.UpsertEntityAsync(new TableEntity(Gp2, "loc-s02") { ["ClubNumber"] = "S02", ["DoorId"] = "S02", ["Name"] = "Site two" });
        await _app.Table(TableNames.Bookings).CreateIfNotExistsAsync();
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _smtp.DisposeAsync();
        await _service.DisposeAsync();
    }

    [Fact]
    public async Task An_initial_sync_after_the_feed_was_committed_brings_in_every_member_and_makes_no_client_inactive()
    {
        // The ongoing sync has read and committed the feed: from now on it returns only new changes.
        await _app.RunScheduleAsync("ClientSync", Gp2);
        await _app.WaitForQueuesAsync();
        Assert.True(_service.Store.HasCommitted("Fisikal"));
        var before = (await _app.RowsAsync(TableNames.Clients, Gp2)).ToDictionary(c => c.RowKey);
        Assert.NotEmpty(before);

        // An operator runs the initial sync again (seed 000 says they may), and a new member joins meanwhile.
        var newcomer = _service.Store.Upsert(new GladstoneMember { MemberId = "GM9500", FirstName = "New", DateOfBirth = new DateOnly(1990, 1, 1), SiteId = "S01" });
        var progress = await _app.RunInitialSyncAsync(integration: Gp2);
        await _app.WaitForQueuesAsync();

        Assert.Equal("Completed", progress.GetProperty("status").GetString());
        Assert.Equal(_service.Store.Members().Count, progress.GetProperty("membersSeen").GetInt32()); // every member, not the feed's changes
        Assert.Equal(0, progress.GetProperty("clientsMadeInactive").GetInt32());
        var after = (await _app.RowsAsync(TableNames.Clients, Gp2)).ToDictionary(c => c.RowKey);
        foreach (var (id, row) in before)
        {
            Assert.Equal((row.GetString("Status"), row.GetBoolean("Deleted")), (after[id].GetString("Status"), after[id].GetBoolean("Deleted")));
        }

        Assert.Equal("Active", after[newcomer.MemberId].GetString("Status"));

        // The run read through a system name of its own, committed once its page was recorded: run again, the next
        // initial sync (another location's, say) has a name of its own and again reads every member.
        var first = Assert.Single(_service.Store.Systems(), s => s.StartsWith("FisikalInitial", StringComparison.Ordinal));
        Assert.True(_service.Store.HasCommitted(first));
        var again = await _app.RunInitialSyncAsync(integration: Gp2);
        await _app.WaitForQueuesAsync();
        Assert.Equal(_service.Store.Members().Count, again.GetProperty("membersSeen").GetInt32());
        var initials = _service.Store.Systems().Where(s => s.StartsWith("FisikalInitial", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, initials.Count);
        Assert.All(initials, s => Assert.True(_service.Store.HasCommitted(s)));

        // The daily cleanup removes what they read at Gladstone: nothing an initial sync read is left to grow there.
        await _app.RunScheduleAsync("ChangeCleanup", Gp2);
        await _app.WaitForQueuesAsync();
        Assert.All(initials.Append("Fisikal"), s => Assert.Equal(0, _service.Store.RecordsKept(s)));
    }

    [Fact]
    public async Task The_client_sync_applies_seed_001s_member_rules_and_commits_the_run_only_after_writing()
    {
        var young = _service.Store.Upsert(new GladstoneMember { MemberId = "GM9001", FirstName = "Young", DateOfBirth = DateOnly.FromDateTime(DateTime.UtcNow).AddYears(-12), SiteId = "S01" });
        Assert.False(_service.Store.HasCommitted("Fisikal"));

        await _app.RunScheduleAsync("ClientSync", Gp2);
        await _app.WaitForQueuesAsync();

        Assert.True(_service.Store.HasCommitted("Fisikal"));
        var clients = (await _app.RowsAsync(TableNames.Clients, Gp2)).ToDictionary(c => c.RowKey);
        var active = _service.Store.Members().Where(m => m.StatusId == "Active" && m.MemberId != young.MemberId).Select(m => m.MemberId).Order(StringComparer.Ordinal);
        Assert.Equal(active, clients.Keys.Order(StringComparer.Ordinal)); // inactive statuses and the 12-year-old are not created
        var sample = _service.Store.Members().First(m => m.StatusId == "Active" && m.SiteId == "S02");
        var row = clients[sample.MemberId];
        Assert.Equal(sample.FirstName, row.GetString("FirstName"));
        Assert.Equal(sample.EmailAddress, row.GetString("Email"));
        Assert.Equal(sample.DateOfBirth!.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), row.GetString("DateOfBirth"));
        Assert.Equal("loc-s02", row.GetString("HomeLocationId"));

        // Changes after the commit: only they come next.
        var leaver = clients.Keys.First();
        var deleted = clients.Keys.Skip(1).First();
        var grown = _service.Store.Members().First(m => m.StatusId == "Active" && m.MemberId != young.MemberId && m.MemberId != leaver && m.MemberId != deleted);
        _service.Store.Update(leaver, m => m with { StatusId = "Cancelled" });
        _service.Store.Update(deleted, m => m with { IsDeleted = true });
        _service.Store.Update(grown.MemberId, m => m with { DateOfBirth = DateOnly.FromDateTime(DateTime.UtcNow).AddYears(-10) }); // existing: stays
        _service.Store.Update(young.MemberId, m => m with { LastName = "Still young" });                                              // still not created
        var calls = _service.Calls.GetValueOrDefault("GetMemberChanges");

        await _app.RunScheduleAsync("ClientSync", Gp2);
        await _app.WaitForQueuesAsync();

        Assert.Equal(calls + 1, _service.Calls.GetValueOrDefault("GetMemberChanges"));
        var after = (await _app.RowsAsync(TableNames.Clients, Gp2)).ToDictionary(c => c.RowKey);
        Assert.Equal("Inactive", after[leaver].GetString("Status"));
        Assert.False(after[leaver].GetBoolean("Deleted"));
        Assert.True(after[deleted].GetBoolean("Deleted"));
        Assert.Equal("Inactive", after[deleted].GetString("Status"));
        Assert.Equal("Active", after[grown.MemberId].GetString("Status"));
        Assert.False(after.ContainsKey(young.MemberId));
    }

    [Fact]
    public async Task A_subscription_is_the_package_with_its_exact_SubTypeID_a_tier_from_characters_5_and_6_its_site_and_expiry()
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var member = _service.Store.Upsert(new GladstoneMember { MemberId = "GM9100", FirstName = "Pat", DateOfBirth = new DateOnly(1990, 1, 1), SiteId = "S01" });
        var plain = _service.Store.AddSubscription(member.MemberId, "PTPK", today.AddDays(-3), today.AddDays(60), "S02");
        var tiered = _service.Store.AddSubscription(member.MemberId, "PTPK02", today.AddDays(-3), null, "S01");
        var ended = _service.Store.AddSubscription(member.MemberId, "GYMACC", today.AddDays(-90), today.AddDays(-1), "S01");
        var unknown = _service.Store.AddSubscription(member.MemberId, "SWIM01", today, null, "S01");

        await _app.RunScheduleAsync("ClientSync", Gp2);
        await _app.WaitForQueuesAsync();

        var rows = (await _app.RowsAsync(TableNames.ClientPackages, $"{Gp2}:{member.MemberId}")).ToDictionary(r => r.RowKey);
        var p = rows[$"subscription:{plain.SubscriptionRef}"];
        Assert.Equal("PTPK", p.GetString("PackageAltId"));
        Assert.Equal(today.AddDays(-3).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), p.GetString("StartDate"));
        Assert.Equal("loc-s02", p.GetString("LocationId"));
        Assert.Equal(string.Empty, p.GetString("LocationTierAltId") ?? string.Empty);
        Assert.Equal("Active", p.GetString("Status"));
        var t = rows[$"subscription:{tiered.SubscriptionRef}"];
        Assert.Equal("PTPK02", t.GetString("PackageAltId"));
        Assert.Equal("02", t.GetString("LocationTierAltId"));
        Assert.Equal("Expired", rows[$"subscription:{ended.SubscriptionRef}"].GetString("Status"));
        Assert.False(rows.ContainsKey($"subscription:{unknown.SubscriptionRef}")); // SWIM01 has no package: nothing assigned, one notification
        Assert.Contains(await _app.RowsAsync(TableNames.Notifications, Gp2), n => n.GetString("Kind") == "UnmatchedPackage" && n.GetString("AltId") == "SWIM01");
        Assert.Null(GladstoneSource.LocationTier("INITIALPK"));
        Assert.Equal("01", GladstoneSource.LocationTier("SWIM01"));
        Assert.Null(GladstoneSource.LocationTier("PTPK"));
    }

    [Fact]
    public async Task Door_accesses_become_door_access_at_the_site_and_mark_a_booking_attended()
    {
        var member = _service.Store.Upsert(new GladstoneMember { MemberId = "GM9200", FirstName = "Door", DateOfBirth = new DateOnly(1985, 5, 5), SiteId = "S01" });
        await _app.RunScheduleAsync("ClientSync", Gp2);
        await _app.WaitForQueuesAsync();
        var now = DateTimeOffset.UtcNow;
        var partition = $"{Gp2}:{now.UtcDateTime:yyyy-MM-dd}"; // the swipe's day
        var classDay = $"{Gp2}:{now.AddMinutes(10).UtcDateTime:yyyy-MM-dd}"; // the class's (the next, near midnight)
        await _app.Table(TableNames.Bookings).UpsertEntityAsync(new TableEntity(classDay, "spin-1") { ["ClientId"] = member.MemberId, ["LocationId"] = "loc-s01", ["StartsAt"] = now.AddMinutes(10) });
        var access = _service.Store.AddAccess(member.MemberId, "S01", now);

        await _app.RunScheduleAsync("AccessSync", Gp2);
        await _app.WaitForQueuesAsync();

        var row = (await _app.Table(TableNames.DoorAccess).GetEntityAsync<TableEntity>(partition, access.AccessId.ToString(CultureInfo.InvariantCulture))).Value;
        Assert.Equal(member.MemberId, row.GetString("ClientId"));
        Assert.Equal("loc-s01", row.GetString("LocationId"));
        Assert.Equal("S01", row.GetString("DoorId"));
        Assert.True((await _app.Table(TableNames.Bookings).GetEntityAsync<TableEntity>(classDay, "spin-1")).Value.GetBoolean("Attended"));
    }

    [Fact]
    public async Task The_daily_check_mails_one_digest_of_every_subscription_type_without_a_package_and_the_cleanup_runs()
    {
        await _app.RunScheduleAsync("SubscriptionTypeCheck", Gp2);
        await _app.RunScheduleAsync("ChangeCleanup", Gp2);

        var mail = Assert.Single(_smtp.Messages);
        Assert.Equal(["ops@example.test", "club@example.test"], mail.To);
        Assert.Contains("Subject: Fisikal Sync: 2 subscription types without a package (gp2)", mail.Data, StringComparison.Ordinal);
        Assert.Contains("SWIM01 (Swim lessons): no package has this Alt ID", mail.Body, StringComparison.Ordinal);
        Assert.Contains("INITIALPK (Induction): no package has this Alt ID", mail.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("GYMACC", mail.Body, StringComparison.Ordinal); // another group
        Assert.DoesNotContain("PTPK02 (", mail.Body, StringComparison.Ordinal); // has its package
        var missing = (await _app.RowsAsync(TableNames.Notifications, Gp2)).Where(n => n.GetString("Kind") == "MissingPackage").Select(n => n.GetString("AltId")).Order(StringComparer.Ordinal);
        Assert.Equal(["INITIALPK", "SWIM01"], missing);
        Assert.Equal(1, _service.Calls.GetValueOrDefault("CleanupMemberChanges")); // no initial sync ran: the integration's own system only
    }

    [Fact]
    public async Task Members_log_in_with_their_Gladstone_PIN_and_a_refused_AuthHeader_is_a_configuration_error()
    {
        var member = _service.Store.Members().First(m => m.StatusId == "Active");
        using var ok = await _app.Http.PostAsJsonAsync(new Uri("/api/auth/login", UriKind.Relative), new { username = member.EmailAddress, password = member.Pin });
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal(member.MemberId, (await ok.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("clientId").GetString());
        using var wrong = await _app.Http.PostAsJsonAsync(new Uri("/api/auth/login", UriKind.Relative), new { username = member.EmailAddress, password = "0000" });
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);

        var integration = new Core.Integrations.IntegrationOptions
        {
            Name = "gp2-wrong",
            Kind = Core.Integrations.IntegrationKind.Gladstone,
            BaseUrl = _service.BaseUrl,
            Username = _service.Options.Username,
            Password = "not-the-password-91",
            AppName = _service.Options.AppName,
            
        };
        var storage = new SyncStorage(_app.Tables, _app.Queues);
        var http = SourceHttp.For(storage, integration);
        var calls = _service.Calls.GetValueOrDefault("GetMemberChanges");
        var error = await Assert.ThrowsAsync<GladstoneException>(() => new GladstoneClientFactory(http).Get(integration).GetMemberChangesAsync("Fisikal", 0));
        Assert.True(error.IsConfigurationError);
        Assert.DoesNotContain("not-the-password-91", error.Message, StringComparison.Ordinal);
        Assert.Equal(calls + 1, _service.Calls.GetValueOrDefault("GetMemberChanges")); // not retried
    }
}
