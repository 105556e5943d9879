using System.Text.Json;
using Fisikal.Sync.Core.Diagnostics;
using Fisikal.Sync.Core.Integrations;
using Fisikal.Sync.Core.Sources;
using Fisikal.Sync.Core.Sync.Locations;
using Fisikal.Sync.Core.Sync.Notifications;
using Microsoft.Extensions.Logging;

namespace Fisikal.Sync.Core.Sync.Access;

/// <summary>
/// Handles one <c>sync-member-visits</c> message: each member's visits of the last day or so (yesterday to tomorrow in UTC dates) become
/// <c>DoorAccess</c> rows, and each visit at a known location marks the member's bookings there attended.
/// Everything is idempotent (the visit id is the row key; a booking is marked once).
/// </summary>
public sealed partial class MemberVisitsHandler(
    IntegrationRegistry integrations,
    SourceFactory sources,
    LocationDirectory locations,
    DoorAccessWriter doorAccess,
    AttendanceMarker attendance,
    NotificationStore notifications,
    TimeProvider time,
    ILogger<MemberVisitsHandler> logger)
{
    public async Task HandleAsync(string messageText, CancellationToken cancellationToken = default)
    {
        var message = JsonSerializer.Deserialize<MemberVisitsMessage>(messageText) ?? throw new JsonException("The message is empty.");
        using var scope = logger.BeginScope(LogScope.Of(("Integration", message.Integration), ("Reason", message.Reason)));
        await SyncAsync(integrations.Get(message.Integration), message.Members, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads the members' recent visits and writes door access and attendance now (also used for webhook events).</summary>
    public async Task SyncAsync(IntegrationOptions integration, IReadOnlyList<Packages.MemberRef> members, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(integration);
        ArgumentNullException.ThrowIfNull(members);
        var source = sources.Visits(integration);
        // The API's dates are the studio's, in a zone it does not tell us: a day either side of UTC's covers every zone
        // (UTC-12 to UTC+14), so a swipe after the studio's midnight is read before UTC's.
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        int accesses = 0, attended = 0;
        foreach (var member in members)
        {
            var read = await source.ReadVisitsAsync(member.Id, today.AddDays(-1), today.AddDays(1), cancellationToken).ConfigureAwait(false);
            foreach (var bad in read.Malformed)
            {
                await notifications.RaiseMalformedAsync(integration.Name, bad, null, cancellationToken).ConfigureAwait(false);
            }

            var (a, b) = await RecordAsync(integration, read.Visits, cancellationToken).ConfigureAwait(false);
            accesses += a;
            attended += b;
        }

        LogVisits(members.Count, accesses, attended);
    }

    /// <summary>
    /// Visits become door access, and each at a known location marks the member's bookings there attended; a club
    /// with no location raises one <c>UnknownClub</c> notification. Used per member and by change feeds.
    /// </summary>
    public async Task<(int Accesses, int Attended)> RecordAsync(IntegrationOptions integration, IReadOnlyList<SourceVisit> visits, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(integration);
        ArgumentNullException.ThrowIfNull(visits);
        if (visits.Count == 0)
        {
            return (0, 0);
        }

        Diagnostics.SyncTelemetry.Records.Add(visits.Count, Diagnostics.SyncTelemetry.Tag("integration", integration.Name), Diagnostics.SyncTelemetry.Tag("stream", "visits"));
        var clubs = await locations.GetAllByClubNumberAsync(integration.Name, cancellationToken).ConfigureAwait(false);
        var accesses = await doorAccess.WriteAsync(integration.Name, visits, clubs, cancellationToken).ConfigureAwait(false);
        var attended = 0;
        foreach (var visit in visits)
        {
            if (visit.ClubNumber is not null && clubs.TryGetValue(visit.ClubNumber, out var location))
            {
                attended += await attendance.MarkAsync(integration.Name, visit, location.Id, integration.AttendanceBefore, integration.AttendanceAfter, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await notifications.RaiseAsync(
                    integration.Name,
                    $"unknown-club:{visit.ClubNumber ?? "none"}",
                    "UnknownClub",
                    $"Visits at club {visit.ClubNumber ?? "(none)"} have no location: add a Locations row with ClubNumber '{visit.ClubNumber}' and its door.",
                    new Dictionary<string, object> { ["ClubNumber"] = visit.ClubNumber ?? string.Empty },
                    cancellationToken).ConfigureAwait(false);
            }
        }

        return (accesses, attended);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Visits of {Members} members: {Accesses} door accesses written, {Attended} bookings marked attended")]
    private partial void LogVisits(int members, int accesses, int attended);
}
