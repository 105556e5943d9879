using Azure;
using Azure.Data.Tables;
using Fisikal.Sync.Core.Storage;
using Fisikal.Sync.Core.Sync.Access;
using Fisikal.Sync.Core.Sync.Packages;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Fisikal.Sync.Core.Sync;
using Fisikal.Sync.Tests.Infrastructure;

namespace Fisikal.Sync.Tests.Sync;

/// <summary>The status endpoint reports schedules, the sweeps' freshness bounds, runs and queues.</summary>
public sealed class StatusTests
{
    [Fact]
    public async Task Status_reports_how_stale_packages_and_check_ins_can_be_after_the_sweeps()
    {
        await using var app = await SyncApp.StartAsync(customers: 30);
        await app.RunInitialSyncAsync();
        await app.RunScheduleAsync("PackageSweep");
        await app.RunScheduleAsync("AccessSync");
        await app.WaitForQueuesAsync();

        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Anonymous.GetAsync(new Uri("/api/status.json", UriKind.Relative))).StatusCode);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/status.json") { Headers = { { "x-admin-key", SyncApp.AdminKey } } };
        var status = await (await app.Http.SendAsync(request)).Content.ReadFromJsonAsync<JsonElement>();

        var club = status.GetProperty("integrations").EnumerateArray().Single(i => i.GetProperty("name").GetString() == SyncApp.Integration);
        Assert.Equal(["ClientSync", "PackageSweep", "AccessSync", "Retention"], club.GetProperty("schedules").EnumerateArray().Select(s => s.GetProperty("name").GetString()));
        Assert.Equal("Succeeded", club.GetProperty("schedules").EnumerateArray().Single(s => s.GetProperty("name").GetString() == "PackageSweep").GetProperty("lastResult").GetString());
        foreach (var sweep in new[] { "packages", "checkins" })
        {
            var freshness = club.GetProperty("freshness").GetProperty(sweep);
            Assert.True(freshness.GetProperty("staleAtMostSeconds").GetDouble() >= 0, $"{sweep}: {freshness}");
            Assert.NotEqual(JsonValueKind.Null, freshness.GetProperty("lastCycleCompletedAt").ValueKind);
        }

        // The bound against a known history: the last whole cycle of each sweep started two hours ago.
        var twoHoursAgo = DateTimeOffset.UtcNow.AddHours(-2);
        foreach (var sweep in new[] { PackageSweep.Name, AccessSync.SweepName })
        {
            await app.Table(TableNames.SyncCheckpoints).UpdateEntityAsync(
                new TableEntity(SyncApp.Integration, ClientSweep.RowKey(sweep)) { ["LastCycleStartedAt"] = twoHoursAgo }, ETag.All, TableUpdateMode.Merge);
        }

        using var again = new HttpRequestMessage(HttpMethod.Get, "/api/status.json") { Headers = { { "x-admin-key", SyncApp.AdminKey } } };
        var later = await (await app.Http.SendAsync(again)).Content.ReadFromJsonAsync<JsonElement>();
        var elapsed = (DateTimeOffset.UtcNow - twoHoursAgo).TotalSeconds;
        foreach (var sweep in new[] { "packages", "checkins" })
        {
            var bound = later.GetProperty("integrations").EnumerateArray().Single(i => i.GetProperty("name").GetString() == SyncApp.Integration)
                .GetProperty("freshness").GetProperty(sweep).GetProperty("staleAtMostSeconds").GetDouble();
            Assert.InRange(bound, 7_200, Math.Ceiling(elapsed)); // two hours, and at most the moments the request took
        }

        Assert.Equal("Completed", club.GetProperty("recentRuns")[0].GetProperty("status").GetString());
        var queues = status.GetProperty("queues").EnumerateArray().Select(q => q.GetProperty("name").GetString()!).ToList();
        Assert.Equal(QueueNames.All, queues);
        Assert.All(status.GetProperty("queues").EnumerateArray(), q => Assert.Equal(0, q.GetProperty("poison").GetInt32()));
    }
}
