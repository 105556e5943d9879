using System.Globalization;
using System.Text.Json;
using Fisikal.Sync.Core.Diagnostics;
using Fisikal.Sync.Core.Integrations;
using Azure.Data.Tables;
using Fisikal.Sync.Core.Storage;
using Fisikal.Sync.Core.Sync.Access;
using Fisikal.Sync.Core.Sync.Clients;
using Fisikal.Sync.Core.Sync.Packages;
using Microsoft.Extensions.Logging;

namespace Fisikal.Sync.Core.Sync.Webhooks;

/// <summary>
/// Acts on one webhook event (PerfectGym Next webhooks carry no data, only what changed):
/// CUSTOMER_CREATED / UPDATED read the customer and write the client, then its packages;
/// CUSTOMER_DELETED asks the API first, and only its 404 (as for any customer it no longer has) makes the client Deleted
/// and Inactive, its packages Expired;
/// CONTRACT_* refresh that customer's packages; CUSTOMER_CHECKIN reads the customer's recent check-ins
/// into door access and attendance; RESYNC (an operator's per-member re-sync) refreshes all three. Every step is
/// idempotent, so a repeat changes nothing.
/// </summary>
public sealed partial class MemberEventsHandler(
    IntegrationRegistry integrations,
    MemberResync resync,
    MemberPackagesHandler packages,
    MemberVisitsHandler visits,
    ClientStore clients,
    SyncStorage storage,
    TimeProvider time,
    ILogger<MemberEventsHandler> logger)
{
    /// <summary>Not a PerfectGym event: an operator's per-member re-sync (client, packages and recent visits).</summary>
    public const string Resync = "RESYNC";

    /// <summary>Queues an operator's re-sync of one member (handled as <see cref="Resync"/>, ahead of every sweep).</summary>
    public async Task<ResyncQueued> QueueResyncAsync(string integration, string memberId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(memberId);
        if (!integrations.TryGet(integration, out var options))
        {
            return ResyncQueued.NoIntegration;
        }

        if (memberId.Length == 0 || !TableKeys.IsValidKey(memberId))
        {
            return ResyncQueued.InvalidMemberId;
        }

        var message = new MemberEventMessage(options.Name, Guid.NewGuid().ToString("N"), Resync, 0, time.GetUtcNow(), memberId);
        await storage.EnqueueAsync(QueueNames.MemberEvents, message, cancellationToken).ConfigureAwait(false);
        return ResyncQueued.Queued;
    }

    public async Task HandleAsync(string messageText, CancellationToken cancellationToken = default)
    {
        var message = JsonSerializer.Deserialize<MemberEventMessage>(messageText) ?? throw new JsonException("The message is empty.");
        using var scope = logger.BeginScope(LogScope.Of(("Integration", message.Integration), ("Event", message.Uuid), ("Type", message.Type)));
        var integration = integrations.Get(message.Integration);
        var memberId = message.MemberId ?? message.EntityId.ToString(CultureInfo.InvariantCulture);
        switch (message.Type)
        {
            case Resync:
                await resync.RefreshAsync(integration, memberId, withVisits: true, cancellationToken: cancellationToken).ConfigureAwait(false);
                break;
            case "CUSTOMER_CREATED" or "CUSTOMER_UPDATED":
                await resync.RefreshAsync(integration, memberId, withVisits: false, cancellationToken: cancellationToken).ConfigureAwait(false);
                break;
            case "CUSTOMER_DELETED":
                // An event is not evidence (a stale one, or a forged one with the key): only the API's 404 deletes; a
                // customer it still has is refreshed instead.
                await resync.RefreshAsync(integration, memberId, withVisits: false, cancellationToken: cancellationToken).ConfigureAwait(false);
                break;
            case "CUSTOMER_CHECKIN":
                await visits.SyncAsync(integration, [new MemberRef(memberId, null)], cancellationToken).ConfigureAwait(false);
                break;
            case var contract when contract.StartsWith("CONTRACT_", StringComparison.Ordinal):
                if (await clients.FindAsync(integration.Name, memberId, cancellationToken).ConfigureAwait(false) is { IsDeleted: false } client)
                {
                    await packages.RefreshAsync(integration, [client.Ref], null, cancellationToken: cancellationToken).ConfigureAwait(false);
                }

                break;
        }

        var latency = (time.GetUtcNow() - message.ReceivedAt).TotalMilliseconds;
        if (message.Type != Resync)
        {
            SyncTelemetry.WebhookLatency.Record(latency, SyncTelemetry.Tag("integration", integration.Name), SyncTelemetry.Tag("type", message.Type));
        }

        LogHandled(message.Type, memberId, latency);
    }


    [LoggerMessage(Level = LogLevel.Information, Message = "{Type} for member {MemberId} handled {LatencyMs:0} ms after it was received")]
    private partial void LogHandled(string type, string memberId, double latencyMs);
}
