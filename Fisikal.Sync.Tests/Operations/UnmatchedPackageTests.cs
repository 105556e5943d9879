using System.Net.Http.Json;
using System.Text.Json;
using Fisikal.Sync.Simulators.PerfectGymNext;
using Fisikal.Sync.Tests.Infrastructure;

namespace Fisikal.Sync.Tests.Operations;

/// <summary>An unmatched Alt ID's notification says exactly how many members hold it, and the number follows the members.</summary>
public sealed class UnmatchedPackageTests : IAsyncLifetime
{
    private SyncApp _app = null!;

    public async Task InitializeAsync() => _app = await SyncApp.StartAsync(customers: 0);

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task The_status_counts_the_members_holding_each_unmatched_alt_id_and_the_count_follows_them()
    {
        var gold = new List<SimulatedContract>();
        for (var i = 0; i < 3; i++)
        {
            var member = _app.Simulator.Store.Add(new SimulatedCustomer { FirstName = $"Gold{i}", Status = "MEMBER" });
            gold.Add(_app.Simulator.Store.AddContract(member.Id, new SimulatedContract { RateName = "Gold", RateCodes = [new SimulatedRateCode("Gold", "GOLD")] }));
        }

        var silver = _app.Simulator.Store.Add(new SimulatedCustomer { FirstName = "Silver", Status = "MEMBER" });
        _app.Simulator.Store.AddContract(silver.Id, new SimulatedContract { RateName = "Silver", RateCodes = [new SimulatedRateCode("Silver", "SILVER")] });
        await _app.RunInitialSyncAsync();
        await _app.WaitForQueuesAsync();

        Assert.Equal(3, await MembersHoldingAsync("rate_GOLD"));
        Assert.Equal(1, await MembersHoldingAsync("rate_SILVER"));

        // One gold member's contract goes; a re-sync of that member brings the count down.
        _app.Simulator.Store.DeleteContract(gold[0].Id);
        var leaver = _app.Simulator.Store.All().Single(c => c.FirstName == "Gold0").Id;
        using (await _app.Http.PostAsync(new Uri($"/api/integrations/{SyncApp.Integration}/members/{leaver}/resync", UriKind.Relative), null))
        {
        }

        await _app.WaitForQueuesAsync();
        Assert.Equal(2, await MembersHoldingAsync("rate_GOLD"));

        // The silver member's contract ends too: once a sweep cycle completes, nobody holds rate_SILVER and it is closed.
        _app.Simulator.Store.DeleteContract(_app.Simulator.Store.Contracts(silver.Id).Single().Id);
        using (await _app.Http.PostAsync(new Uri($"/api/integrations/{SyncApp.Integration}/members/{silver.Id}/resync", UriKind.Relative), null))
        {
        }

        await _app.WaitForQueuesAsync();
        await _app.RunScheduleAsync("PackageSweep");
        await _app.WaitForQueuesAsync();
        var status = await _app.Http.GetFromJsonAsync<JsonElement>(new Uri("/api/status.json", UriKind.Relative));
        var open = status.GetProperty("integrations")[0].GetProperty("notifications").EnumerateArray().Select(n => n.GetProperty("altId").GetString()).ToList();
        Assert.DoesNotContain("rate_SILVER", open);
        Assert.Contains("rate_GOLD", open);
    }

    private async Task<int?> MembersHoldingAsync(string altId)
    {
        var status = await _app.Http.GetFromJsonAsync<JsonElement>(new Uri("/api/status.json", UriKind.Relative));
        var club = status.GetProperty("integrations").EnumerateArray().Single(i => i.GetProperty("name").GetString() == SyncApp.Integration);
        var notification = club.GetProperty("notifications").EnumerateArray().Single(n => n.GetProperty("kind").GetString() == "UnmatchedPackage" && n.GetProperty("altId").GetString() == altId);
        return notification.GetProperty("members").GetInt32();
    }
}
