using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Azure.Data.Tables;
using Fisikal.Sync.Core.Storage;
using Fisikal.Sync.Core.Sync;
using Fisikal.Sync.Core.Sync.Packages;
using Fisikal.Sync.Simulators.PerfectGymNext;
using Fisikal.Sync.Tests.Infrastructure;

namespace Fisikal.Sync.Tests.Sync;

/// <summary>The rotating sweep re-checks every client's packages, a batch at a time, and records its cycle.</summary>
public sealed class PackageSweepTests
{
    [Fact]
    public async Task A_contract_change_no_scan_notices_is_caught_by_the_sweep_within_one_cycle()
    {
        await using var app = await SyncApp.StartAsync(customers: 0, settings: new Dictionary<string, string?>
        {
            [$"Integrations:{SyncApp.Integration}:PackageSweepBatch"] = "2",
        });
        var packages = app.Table(TableNames.Packages);
        await packages.CreateIfNotExistsAsync();
        await packages.UpsertEntityAsync(new TableEntity(SyncApp.Integration, "rate_GOLD") { ["Active"] = true });
        var members = Enumerable.Range(0, 5).Select(i => app.Simulator.Store.Add(new SimulatedCustomer { FirstName = $"M{i}", Status = "MEMBER" })).ToList();
        var contracts = members.Select(m => app.Simulator.Store.AddContract(m.Id, new SimulatedContract { RateName = "Gold", RateCodes = [new SimulatedRateCode("Gold", "GOLD")] })).ToList();
        await app.RunInitialSyncAsync();

        // The contract ends at the source; the member record does not change, so a scan would not look.
        app.Simulator.Store.UpdateContract(contracts[4].Id, c => c with { ContractStatus = "INACTIVE" });
        for (var run = 0; run < 3; run++)
        {
            var sweep = await app.Http.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/schedules/PackageSweep")
            {
                Headers = { { "x-admin-key", SyncApp.AdminKey } },
                Content = JsonContent.Create(new { integration = SyncApp.Integration }),
            });
            Assert.Equal(HttpStatusCode.Accepted, sweep.StatusCode);
        }

        var row = await WaitForAsync(async () =>
        {
            var r = (await app.RowsAsync(TableNames.ClientPackages, $"{SyncApp.Integration}:{members[4].Id.ToString(CultureInfo.InvariantCulture)}")).Single();
            return r.GetString("Status") == "Expired" ? r : null;
        });
        Assert.Equal("rate_GOLD", row.GetString("PackageAltId"));

        var state = (await app.Table(TableNames.SyncCheckpoints).GetEntityAsync<TableEntity>(SyncApp.Integration, PackageSweep.RowKey)).Value;
        Assert.Equal(2, state.GetInt32("BatchSize"));
        Assert.NotNull(state.GetDateTimeOffset("LastCycleCompletedAt"));
        Assert.True(state.GetDateTimeOffset("LastCycleStartedAt") <= state.GetDateTimeOffset("LastCycleCompletedAt"));
        Assert.Equal(string.Empty, state.GetString("Cursor"));
    }

    private static async Task<TableEntity> WaitForAsync(Func<Task<TableEntity?>> probe)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            if (await probe() is { } found)
            {
                return found;
            }

            Assert.True(DateTime.UtcNow < deadline, "not seen in time");
            await Task.Delay(100);
        }
    }
}
