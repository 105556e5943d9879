using System.Globalization;
using Azure.Data.Tables;
using Fisikal.Sync.Core.Storage;
using Fisikal.Sync.Core.Sync;
using Fisikal.Sync.Simulators.PerfectGymNext;
using Fisikal.Sync.Tests.Infrastructure;

namespace Fisikal.Sync.Tests.Sync;

/// <summary>Contracts and add-ons become client packages by DESIGN.md's Alt ID rules, end to end.</summary>
public sealed class PackageSyncTests : IAsyncLifetime
{
    private SyncApp _app = null!;

    public async Task InitializeAsync()
    {
        // One test fails a scan with 500s: the breaker is kept out of it (it would make the failed scan wait out its breaks).
        _app = await SyncApp.StartAsync(customers: 0, settings: new Dictionary<string, string?>
        {
            [$"Integrations:{SyncApp.Integration}:Resilience:BreakerMinimumThroughput"] = "100000",
        });
        var packages = _app.Table(TableNames.Packages);
        await packages.CreateIfNotExistsAsync();
        foreach (var altId in new[] { "rate_GOLD", "module_Sauna & Spa", "flatfee_Towel Service", "rate_Legacy Plan" })
        {
            await packages.UpsertEntityAsync(new TableEntity(SyncApp.Integration, altId) { ["Name"] = altId, ["Active"] = true });
        }

        var locations = _app.Table(TableNames.Locations);
        await locations.CreateIfNotExistsAsync();
        await locations.UpsertEntityAsync(new TableEntity(SyncApp.Integration, "loc-north") { ["ClubNumber"] = "1210000101", ["DoorId"] = "door-n" });
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Contracts_and_add_ons_become_packages_and_unmatched_rates_notify_once()
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var ana = AddMember("Ana");
        var gold = _app.Simulator.Store.AddContract(ana.Id, new SimulatedContract
        {
            RateName = "Gold Flex",
            RateCodes = [new SimulatedRateCode("Silver", "SILVER12"), new SimulatedRateCode("Gold", "GOLD")],
            StartDate = "2025-01-01",
            EndDate = Date(today.AddDays(200)),
            ModuleContracts = [new SimulatedSubContract { RateName = "Sauna & Spa", StartDate = "2025-02-01" }],
            FlatFeeContracts = [new SimulatedSubContract { RateName = "Towel Service", StartDate = "2025-01-01", EndDate = Date(today.AddDays(-1)) }],
        });
        var legacy = AddMember("Leo");
        _app.Simulator.Store.AddContract(legacy.Id, new SimulatedContract { RateName = "Legacy Plan", StartDate = "2020-01-01", EndDate = null });
        foreach (var name in new[] { "Sam", "Sia", "Sol" })
        {
            _app.Simulator.Store.AddContract(AddMember(name).Id, new SimulatedContract { RateName = "Student", RateCodes = [new SimulatedRateCode("Student", "STUDENT")] });
        }

        var progress = await _app.RunInitialSyncAsync();

        Assert.Equal("Completed", progress.GetProperty("status").GetString());
        var anaRows = await _app.RowsAsync(TableNames.ClientPackages, $"{SyncApp.Integration}:{ana.Id}");
        var contract = anaRows.Single(r => r.RowKey == $"contract:{gold.Id}");
        Assert.Equal("rate_GOLD", contract.GetString("PackageAltId"));   // the first rate code that is a package
        Assert.Equal(Id(ana.Id), contract.GetString("ClientId"));
        Assert.Equal("2025-01-01", contract.GetString("StartDate"));
        Assert.Equal(Date(today.AddDays(200)), contract.GetString("EndDate"));
        Assert.Equal("loc-north", contract.GetString("LocationId"));
        Assert.Equal(string.Empty, contract.GetString("LocationTierAltId"));
        Assert.Equal("Active", contract.GetString("Status"));
        var module = anaRows.Single(r => r.RowKey == $"module:{gold.ModuleContracts[0].Id}");
        Assert.Equal("module_Sauna & Spa", module.GetString("PackageAltId"));
        var flatFee = anaRows.Single(r => r.RowKey == $"flatfee:{gold.FlatFeeContracts[0].Id}");
        Assert.Equal("flatfee_Towel Service", flatFee.GetString("PackageAltId"));
        Assert.Equal("Expired", flatFee.GetString("Status"));              // ended yesterday

        var legacyRow = Assert.Single(await _app.RowsAsync(TableNames.ClientPackages, $"{SyncApp.Integration}:{legacy.Id}"));
        Assert.Equal("rate_Legacy Plan", legacyRow.GetString("PackageAltId")); // no rate codes: the rate name
        Assert.Equal(string.Empty, legacyRow.GetString("EndDate"));            // open-ended

        Assert.Equal(3, progress.GetProperty("packagesAssigned").GetInt32());    // the expired flat fee is not
        Assert.Equal(3, progress.GetProperty("unmatched").GetInt32());
        var unmatched = (await _app.RowsAsync(TableNames.Notifications, SyncApp.Integration)).Where(n => n.GetString("Kind") == "UnmatchedPackage").ToList();
        Assert.Equal("rate_STUDENT", Assert.Single(unmatched).GetString("AltId"));
    }

    [Fact]
    public async Task A_contract_that_ends_or_turns_inactive_expires_its_package_a_cancelled_one_runs_to_its_end_date()
    {
        var members = new[] { "Ends", "Inactive", "Cancelled", "Moves" }.Select(AddMember).ToList();
        var contracts = members.Select(m => _app.Simulator.Store.AddContract(m.Id, new SimulatedContract { RateName = "Gold", RateCodes = [new SimulatedRateCode("Gold", "GOLD")] })).ToList();
        await _app.RunInitialSyncAsync();

        _app.Simulator.Store.UpdateContract(contracts[0].Id, c => c with { EndDate = "2020-01-01" });
        _app.Simulator.Store.UpdateContract(contracts[1].Id, c => c with { ContractStatus = "INACTIVE" });
        _app.Simulator.Store.UpdateContract(contracts[2].Id, c => c with { Cancelled = true, CancellationDate = "2026-01-01", EndDate = "2099-12-31" });
        _app.Simulator.Store.DeleteContract(contracts[3].Id);
        var moved = _app.Simulator.Store.AddContract(members[3].Id, new SimulatedContract { RateName = "Legacy Plan" });
        var again = await _app.RunInitialSyncAsync();

        foreach (var i in new[] { 0, 1, 3 })
        {
            Assert.Equal("Expired", (await PackageAsync(members[i].Id, contracts[i].Id)).GetString("Status"));
        }

        // Notice given: the contract still runs until its end date.
        Assert.Equal("Active", (await PackageAsync(members[2].Id, contracts[2].Id)).GetString("Status"));
        Assert.Equal("Active", (await PackageAsync(members[3].Id, moved.Id)).GetString("Status"));
        Assert.Equal(2, again.GetProperty("packagesAssigned").GetInt32());

        _app.Simulator.Store.UpdateContract(contracts[2].Id, c => c with { EndDate = "2020-01-31" });
        await _app.RunInitialSyncAsync();
        Assert.Equal("Expired", (await PackageAsync(members[2].Id, contracts[2].Id)).GetString("Status"));
    }

    private async Task<TableEntity> PackageAsync(long memberId, long contractId) =>
        (await _app.RowsAsync(TableNames.ClientPackages, $"{SyncApp.Integration}:{memberId}")).Single(r => r.RowKey == $"contract:{contractId}");

    [Fact]
    public async Task A_quiet_scan_writes_no_client_and_no_package()
    {
        foreach (var name in new[] { "A", "B", "C" })
        {
            _app.Simulator.Store.AddContract(AddMember(name).Id, new SimulatedContract { RateName = "Gold", RateCodes = [new SimulatedRateCode("Gold", "GOLD")] });
        }

        var first = await _app.RunInitialSyncAsync();
        var second = await _app.RunInitialSyncAsync();

        Assert.Equal(3, first.GetProperty("clientsWritten").GetInt32());
        Assert.Equal(3, first.GetProperty("packagesWritten").GetInt32());
        Assert.Equal(0, second.GetProperty("clientsWritten").GetInt32());
        Assert.Equal(0, second.GetProperty("packagesWritten").GetInt32());
        Assert.Equal(3, second.GetProperty("packagesAssigned").GetInt32());
    }

    [Fact]
    public async Task A_member_gone_from_a_complete_scan_becomes_inactive_but_not_after_a_partial_one()
    {
        var stays = AddMember("Stays");
        var leaves = AddMember("Leaves");
        await _app.RunInitialSyncAsync();
        _app.Simulator.Store.Delete(leaves.Id);

        // A scan that fails part-way (every request refused with 500 from now on) changes nobody.
        _app.Simulator.Faults.ServerErrorRate = 1;
        var failed = await _app.RunInitialSyncAsync(timeout: TimeSpan.FromSeconds(90));
        Assert.Equal("Failed", failed.GetProperty("status").GetString());
        Assert.Equal("Active", (await _app.Table(TableNames.Clients).GetEntityAsync<TableEntity>(SyncApp.Integration, Id(leaves.Id))).Value.GetString("Status"));

        _app.Simulator.Faults.ServerErrorRate = 0;
        var complete = await _app.RunInitialSyncAsync();

        Assert.Equal(1, complete.GetProperty("clientsMadeInactive").GetInt32());
        Assert.Equal("Inactive", (await _app.Table(TableNames.Clients).GetEntityAsync<TableEntity>(SyncApp.Integration, Id(leaves.Id))).Value.GetString("Status"));
        Assert.Equal("Active", (await _app.Table(TableNames.Clients).GetEntityAsync<TableEntity>(SyncApp.Integration, Id(stays.Id))).Value.GetString("Status"));
    }

    private SimulatedCustomer AddMember(string name) =>
        _app.Simulator.Store.Add(new SimulatedCustomer { FirstName = name, LastName = "Test", Status = "MEMBER", StudioId = 1210000101 });

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
