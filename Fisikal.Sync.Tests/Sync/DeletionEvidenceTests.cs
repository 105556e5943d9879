using System.Globalization;
using System.Text.Json;
using Azure.Data.Tables;
using Fisikal.Sync.Core.Sources;
using Fisikal.Sync.Core.Storage;
using Fisikal.Sync.Core.Sync;
using Fisikal.Sync.Core.Sync.Packages;
using Fisikal.Sync.Core.Sync.Webhooks;
using Fisikal.Sync.Simulators.Gladstone;
using Fisikal.Sync.Simulators.PerfectGymClassic;
using Fisikal.Sync.Simulators.PerfectGymNext;
using Fisikal.Sync.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Fisikal.Sync.Tests.Sync;

/// <summary>
/// A client is deleted only on the source's own word (PerfectGym Next's 404, PGM's isDeleted or empty answer to its query
/// by id, Gladstone's IsDeleted where DeleteOnIsDeleted says so), never on a webhook's say-so, a record that can't be read or a
/// fault; and a deleted client's packages expire in the same step. Each source, its simulator over 127.0.0.1.
/// </summary>
public sealed class DeletionEvidenceTests
{
    [Fact]
    public async Task PerfectGym_Next_a_CUSTOMER_DELETED_for_a_customer_the_club_still_has_refreshes_it_and_only_a_404_deletes()
    {
        await using var club = await PerfectGymNextSimulator.StartAsync(new PerfectGymNextSimulatorOptions { Customers = 0 });
        var member = club.Store.Add(new SimulatedCustomer { FirstName = "Stays", LastName = "Test", Status = "MEMBER", StudioId = 1 });
        var contract = club.Store.AddContract(member.Id, new SimulatedContract { RateName = "Gold", RateCodes = [new SimulatedRateCode("Gold", "GOLD")] });
        var name = AzuriteServer.UniqueName("next");
        await using var core = await CoreServices.StartAsync(TestAppSettings.ForNext(club, name));
        await core.SeedPackagesAsync(name, "rate_GOLD");
        var id = member.Id.ToString(CultureInfo.InvariantCulture);
        var package = $"contract:{contract.Id.ToString(CultureInfo.InvariantCulture)}";
        await HandleAsync(core, name, "CUSTOMER_CREATED", member.Id);
        Assert.Equal("Active", (await ClientAsync(core, name, id)).GetString("Status"));

        // Stale or forged: the club still has the customer, who is refreshed (a changed name comes with it), not deleted.
        club.Store.Update(member.Id, c => c with { FirstName = "Renamed" });
        var reads = club.RequestCounts["GET /v1/customers/{customerId}"];
        await HandleAsync(core, name, "CUSTOMER_DELETED", member.Id);

        var kept = await ClientAsync(core, name, id);
        Assert.Equal(("Active", false, "Renamed"), (kept.GetString("Status"), kept.GetBoolean("Deleted") == true, kept.GetString("FirstName")));
        Assert.Equal(reads + 1, club.RequestCounts["GET /v1/customers/{customerId}"]);
        Assert.Equal("Active", (await core.PackageAsync(name, id, package)).GetString("Status"));

        // The API's 404 is the evidence: Deleted and Inactive, and the package expired with it.
        club.Store.Delete(member.Id);
        await HandleAsync(core, name, "CUSTOMER_DELETED", member.Id);

        var deleted = await ClientAsync(core, name, id);
        Assert.Equal(("Inactive", true), (deleted.GetString("Status"), deleted.GetBoolean("Deleted") == true));
        Assert.Equal("Expired", (await core.PackageAsync(name, id, package)).GetString("Status"));
    }

    [Fact]
    public async Task PerfectGym_classic_a_resync_of_a_member_whose_record_cant_be_read_changes_nothing()
    {
        await using var club = await PerfectGymClassicSimulator.StartAsync(new PerfectGymClassicSimulatorOptions { Members = 0 });
        var memberId = club.Store.AddMember("Ana", "Silva", "ana@example.test", new DateOnly(1990, 5, 4), 1)["id"]!.GetValue<long>();
        var name = AzuriteServer.UniqueName("pgm");
        await using var core = await CoreServices.StartAsync(TestAppSettings.ForClassic(club, name));
        var id = memberId.ToString(CultureInfo.InvariantCulture);
        await HandleAsync(core, name, MemberEventsHandler.Resync, 0, id);
        Assert.Equal("Active", (await ClientAsync(core, name, id)).GetString("Status"));

        club.MarkMalformed(memberId);
        var error = await Assert.ThrowsAsync<Core.Sources.PerfectGymClassic.PerfectGymClassicException>(() => HandleAsync(core, name, MemberEventsHandler.Resync, 0, id));

        Assert.Contains($"Member {id} could not be read", error.Message, StringComparison.Ordinal);
        var client = await ClientAsync(core, name, id);
        Assert.Equal(("Active", false), (client.GetString("Status"), client.GetBoolean("Deleted") == true));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Gladstone_a_fault_is_not_a_deletion_and_IsDeleted_deletes_only_with_DeleteOnIsDeleted(bool deleteOnIsDeleted)
    {
        await using var service = await GladstoneSimulator.StartAsync(new GladstoneSimulatorOptions { Members = 0 });
        service.Store.Upsert(new GladstoneMember { MemberId = "M1", FirstName = "Ana", StatusId = "Active", SiteId = "S01" });
        var subscription = service.Store.AddSubscription("M1", "PTPK", new DateOnly(2026, 1, 1), new DateOnly(2099, 12, 31), "S01").SubscriptionRef.ToString(CultureInfo.InvariantCulture);
        var name = AzuriteServer.UniqueName("gp2");
        var settings = TestAppSettings.ForGladstone(service, name);
        settings[$"Integrations:{name}:ActiveStatuses:0"] = "Active";
        settings[$"Integrations:{name}:DeleteOnIsDeleted"] = deleteOnIsDeleted ? "true" : "false";
        await using var core = await CoreServices.StartAsync(settings);
        await core.SeedPackagesAsync(name, "PTPK");
        await HandleAsync(core, name, MemberEventsHandler.Resync, 0, "M1");
        Assert.Equal("Active", (await core.PackageAsync(name, "M1", $"subscription:{subscription}")).GetString("Status"));

        // A client Gladstone answers a fault for (no such member, among its reasons) is left as it is.
        await core.Table(TableNames.Clients).UpsertEntityAsync(new TableEntity(name, "M2") { ["Status"] = "Active", ["Deleted"] = false });
        await Assert.ThrowsAsync<Core.Sources.Gladstone.GladstoneException>(() => HandleAsync(core, name, MemberEventsHandler.Resync, 0, "M2"));
        Assert.Equal(("Active", false), ((await ClientAsync(core, name, "M2")).GetString("Status"), (await ClientAsync(core, name, "M2")).GetBoolean("Deleted") == true));

        // IsDeleted: Inactive, and Deleted (its package expired with it) only where the club asks for it.
        service.Store.Update("M1", m => m with { IsDeleted = true });
        await HandleAsync(core, name, MemberEventsHandler.Resync, 0, "M1");

        var client = await ClientAsync(core, name, "M1");
        Assert.Equal(("Inactive", deleteOnIsDeleted), (client.GetString("Status"), client.GetBoolean("Deleted") == true));
        Assert.Equal(deleteOnIsDeleted ? "Expired" : "Active", (await core.PackageAsync(name, "M1", $"subscription:{subscription}")).GetString("Status"));
    }

    private static Task HandleAsync(ServiceProvider core, string integration, string type, long entityId, string? memberId = null) =>
        core.GetRequiredService<MemberEventsHandler>().HandleAsync(JsonSerializer.Serialize(new MemberEventMessage(integration, Guid.NewGuid().ToString("N"), type, entityId, DateTimeOffset.UtcNow, memberId)));

    private static async Task<TableEntity> ClientAsync(ServiceProvider core, string integration, string id) =>
        (await core.Table(TableNames.Clients).GetEntityAsync<TableEntity>(integration, id)).Value;
}
