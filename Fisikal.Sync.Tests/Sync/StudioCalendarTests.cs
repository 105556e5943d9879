using System.Globalization;
using Azure.Data.Tables;
using Fisikal.Sync.Core.Integrations;
using Fisikal.Sync.Core.Storage;
using Fisikal.Sync.Core.Sync.Access;
using Fisikal.Sync.Core.Sync.Packages;
using Fisikal.Sync.Simulators.PerfectGymNext;
using Fisikal.Sync.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Fisikal.Sync.Tests.Sync;

/// <summary>
/// The check-in history's <c>fromDate</c>/<c>toDate</c> are the studio's dates, in a zone the API does not tell us: a swipe
/// just after the studio's midnight is already "tomorrow" there while it is still today in UTC, and must be read at once.
/// </summary>
public sealed class StudioCalendarTests
{
    [Fact]
    public async Task A_swipe_after_midnight_in_a_studio_east_of_UTC_is_read_before_UTC_midnight()
    {
        // 22:30 UTC on 1 July is 00:30 on 2 July in the simulated studio (Europe/Berlin, summer time).
        var time = new ManualTimeProvider(new DateTimeOffset(2026, 7, 1, 22, 30, 0, TimeSpan.Zero));
        await using var club = await PerfectGymNextSimulator.StartAsync(new PerfectGymNextSimulatorOptions { Customers = 0, TimeProvider = time });
        var (core, name) = await CoreServices.StartPerfectGymNextAsync(club.BaseUrl, club.Options.ApiKey, time);
        await using var _ = core;
        const long Studio = 1210000101;
        await core.Table(TableNames.Locations).UpsertEntityAsync(new TableEntity(name, "loc") { ["ClubNumber"] = Studio.ToString(CultureInfo.InvariantCulture), ["DoorId"] = "door" });
        var member = club.Store.Add(new SimulatedCustomer { FirstName = "Late", Status = "MEMBER", StudioId = Studio });
        var swipe = club.Store.AddCheckin(member.Id, time.GetUtcNow().AddMinutes(-10), Studio);
        Assert.Equal(new DateOnly(2026, 7, 2), PublishedDateTimes.StudioDate(swipe.CheckInDateTime));

        var integration = core.GetRequiredService<IntegrationRegistry>().Get(name);
        await core.GetRequiredService<MemberVisitsHandler>().SyncAsync(integration, [new MemberRef(member.Id.ToString(CultureInfo.InvariantCulture), null)]);

        var access = await core.Table(TableNames.DoorAccess).GetEntityIfExistsAsync<TableEntity>($"{name}:2026-07-01", swipe.CheckinId.ToString(CultureInfo.InvariantCulture));
        Assert.True(access.HasValue, "the swipe at 00:20 in the studio (22:20 UTC) was not read");
    }
}
