using System.Globalization;
using Azure.Data.Tables;
using Fisikal.Sync.Core.Storage;
using Fisikal.Sync.Core.Sync;
using Fisikal.Sync.Simulators.PerfectGymNext;
using Fisikal.Sync.Tests.Infrastructure;

namespace Fisikal.Sync.Tests.Sync;

/// <summary>Check-ins become door access and mark bookings attended, through the scheduled access sync.</summary>
public sealed class AccessSyncTests : IAsyncLifetime
{
    private const long North = 1210000101;
    private const long South = 1210000102;
    private SyncApp _app = null!;

    public async Task InitializeAsync()
    {
        _app = await SyncApp.StartAsync(customers: 0);
        var locations = _app.Table(TableNames.Locations);
        await locations.CreateIfNotExistsAsync();
        await locations.UpsertEntityAsync(new TableEntity(SyncApp.Integration, "loc-north") { ["ClubNumber"] = North.ToString(CultureInfo.InvariantCulture), ["DoorId"] = "door-n" });
        await locations.UpsertEntityAsync(new TableEntity(SyncApp.Integration, "loc-south") { ["ClubNumber"] = South.ToString(CultureInfo.InvariantCulture), ["DoorId"] = "door-s" });
        await _app.Table(TableNames.Bookings).CreateIfNotExistsAsync();
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task A_swipe_near_a_class_marks_only_that_booking_attended_once()
    {
        var member = _app.Simulator.Store.Add(new SimulatedCustomer { FirstName = "Swipe", Status = "MEMBER", StudioId = North });
        await _app.RunInitialSyncAsync();
        var now = DateTimeOffset.UtcNow;
        var id = member.Id.ToString(CultureInfo.InvariantCulture);
        await BookAsync("soon-north", id, "loc-north", now.AddMinutes(20));       // swipe 20 min before: attended
        await BookAsync("soon-south", id, "loc-south", now.AddMinutes(20));       // another location: untouched
        await BookAsync("later-north", id, "loc-north", now.AddHours(3));         // far from the swipe: untouched
        var swipe = _app.Simulator.Store.AddCheckin(member.Id, now, North);

        await _app.RunScheduleAsync("AccessSync");
        await _app.WaitForQueuesAsync();

        var access = (await _app.Table(TableNames.DoorAccess).GetEntityAsync<TableEntity>(Day(now), swipe.CheckinId.ToString(CultureInfo.InvariantCulture))).Value;
        Assert.Equal(id, access.GetString("ClientId"));
        Assert.Equal("loc-north", access.GetString("LocationId"));
        Assert.Equal("door-n", access.GetString("DoorId"));
        Assert.Equal(swipe.CheckInDateTime.ToUnixTimeSeconds(), access.GetDateTimeOffset("AccessedAt")!.Value.ToUnixTimeSeconds());

        var attended = await BookingAsync("soon-north", now.AddMinutes(20));
        Assert.True(attended.GetBoolean("Attended"));
        Assert.Equal(swipe.CheckInDateTime.ToUnixTimeSeconds(), attended.GetDateTimeOffset("AttendedAt")!.Value.ToUnixTimeSeconds());
        Assert.Null((await BookingAsync("soon-south", now.AddMinutes(20))).GetBoolean("Attended"));
        Assert.Null((await BookingAsync("later-north", now.AddHours(3))).GetBoolean("Attended"));

        // Once: a later swipe within the window does not move AttendedAt.
        var again = _app.Simulator.Store.AddCheckin(member.Id, now.AddMinutes(5), North);
        await _app.RunScheduleAsync("AccessSync");
        await _app.WaitForQueuesAsync();
        Assert.Equal(swipe.CheckInDateTime.ToUnixTimeSeconds(), (await BookingAsync("soon-north", now.AddMinutes(20))).GetDateTimeOffset("AttendedAt")!.Value.ToUnixTimeSeconds());
        var days = new[] { Day(now), Day(again.CheckInDateTime) }.Distinct(StringComparer.Ordinal); // two near midnight
        var rows = new List<string>();
        foreach (var day in days)
        {
            rows.AddRange((await _app.RowsAsync(TableNames.DoorAccess, day)).Select(r => r.RowKey));
        }

        Assert.Equal(new[] { swipe.CheckinId, again.CheckinId }.Select(i => i.ToString(CultureInfo.InvariantCulture)).Order(StringComparer.Ordinal), rows.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData(-31, false)]
    [InlineData(-30, true)]
    [InlineData(0, true)]
    [InlineData(15, true)]
    [InlineData(16, false)]
    public async Task The_attendance_window_is_30_minutes_before_to_15_after_the_start(int swipeMinutesFromStart, bool attended)
    {
        var member = _app.Simulator.Store.Add(new SimulatedCustomer { FirstName = "Window", Status = "MEMBER", StudioId = North });
        await _app.RunInitialSyncAsync();
        // Class times are whole minutes, and the API reports swipes to the second.
        var start = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 60 * 60).AddMinutes(6);
        await BookAsync("class", member.Id.ToString(CultureInfo.InvariantCulture), "loc-north", start);
        _app.Simulator.Store.AddCheckin(member.Id, start.AddMinutes(swipeMinutesFromStart), North);

        await _app.RunScheduleAsync("AccessSync");
        await _app.WaitForQueuesAsync();

        Assert.Equal(attended ? true : null, (await BookingAsync("class", start)).GetBoolean("Attended"));
    }

    /// <summary>The day partition of an instant (UTC): a swipe's, a class's.</summary>
    private static string Day(DateTimeOffset at) => $"{SyncApp.Integration}:{at.UtcDateTime:yyyy-MM-dd}";

    private Task BookAsync(string bookingId, string clientId, string locationId, DateTimeOffset startsAt) =>
        _app.Table(TableNames.Bookings).UpsertEntityAsync(new TableEntity(Day(startsAt), bookingId)
        {
            ["ClientId"] = clientId,
            ["LocationId"] = locationId,
            ["StartsAt"] = startsAt,
        });

    private async Task<TableEntity> BookingAsync(string bookingId, DateTimeOffset startsAt) =>
        (await _app.Table(TableNames.Bookings).GetEntityAsync<TableEntity>(Day(startsAt), bookingId)).Value;
}
