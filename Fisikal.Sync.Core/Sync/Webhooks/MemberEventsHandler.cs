using System.Globalization;
using System.Text.Json;
using Azure;
using Fisikal.Sync.Core.Diagnostics;
using Fisikal.Sync.Core.Integrations;
using Fisikal.Sync.Core.Rules;
using Fisikal.Sync.Core.Sources.PerfectGymNext;
using Fisikal.Sync.Core.Storage.Tables;
using Fisikal.Sync.Core.Sync.Access;
using Fisikal.Sync.Core.Sync.Clients;
using Fisikal.Sync.Core.Sync.Packages;
using Microsoft.Extensions.Logging;

namespace Fisikal.Sync.Core.Sync.Webhooks;

/// <summary>
/// Acts on one webhook event (PerfectGym Next webhooks carry no data, only what changed):
/// CUSTOMER_CREATED / UPDATED read the customer and write the client, then its packages;
/// CUSTOMER_DELETED (or a customer the API no longer has) makes the client Deleted and Inactive;
/// CONTRACT_* refresh that customer's packages; CUSTOMER_CHECKIN reads the customer's recent check-ins
/// into door access and attendance. Every step is idempotent, so a repeat changes nothing.
/// </summary>
public sealed partial class MemberEventsHandler(
    IntegrationRegistry integrations,
    PerfectGymNextClientFactory clients,
    ClientWriter clientWriter,
    MemberPackagesHandler packages,
    MemberVisitsHandler visits,
    SyncStorage storage,
    TimeProvider time,
    ILogger<MemberEventsHandler> logger)
{
    public async Task HandleAsync(string messageText, CancellationToken cancellationToken = default)
    {
        var message = JsonSerializer.Deserialize<MemberEventMessage>(messageText) ?? throw new JsonException("The message is empty.");
        using var scope = logger.BeginScope(LogScope.Of(("Integration", message.Integration), ("Event", message.Uuid), ("Type", message.Type)));
        var integration = integrations.Get(message.Integration);
        var memberId = message.EntityId.ToString(CultureInfo.InvariantCulture);
        switch (message.Type)
        {
            case "CUSTOMER_CREATED" or "CUSTOMER_UPDATED":
                await RefreshMemberAsync(integration, message.EntityId, cancellationToken).ConfigureAwait(false);
                break;
            case "CUSTOMER_DELETED":
                await MarkDeletedAsync(integration.Name, memberId, cancellationToken).ConfigureAwait(false);
                break;
            case "CUSTOMER_CHECKIN":
                await visits.SyncAsync(integration, [new MemberRef(memberId, null)], cancellationToken).ConfigureAwait(false);
                break;
            case var contract when contract.StartsWith("CONTRACT_", StringComparison.Ordinal):
                if (await storage.Table(TableNames.Clients).GetEntityIfExistsAsync(integration.Name, memberId, [ClientColumns.HomeLocationId, ClientColumns.Deleted], cancellationToken).ConfigureAwait(false) is { } client
                    && client.GetBoolean(ClientColumns.Deleted) != true)
                {
                    await packages.RefreshAsync(integration, [new MemberRef(memberId, Home(client))], null, cancellationToken).ConfigureAwait(false);
                }

                break;
        }

        LogHandled(message.Type, memberId, (time.GetUtcNow() - message.ReceivedAt).TotalMilliseconds);
    }

    private async Task RefreshMemberAsync(IntegrationOptions integration, long customerId, CancellationToken cancellationToken)
    {
        var customer = await clients.Get(integration).GetCustomerAsync(customerId, cancellationToken).ConfigureAwait(false);
        var memberId = customerId.ToString(CultureInfo.InvariantCulture);
        if (customer is null)
        {
            await MarkDeletedAsync(integration.Name, memberId, cancellationToken).ConfigureAwait(false);
            return;
        }

        var written = await clientWriter.WriteAsync(
            integration.Name, [PerfectGymNextMemberSource.ToMember(customer)], new MemberStatusRule(integration.ActiveStatuses), null, cancellationToken).ConfigureAwait(false);
        var kept = written.Kept.SingleOrDefault();
        if (kept is not null)
        {
            await packages.RefreshAsync(integration, [new MemberRef(kept.Id, kept.HomeLocationId, kept.Created)], null, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task MarkDeletedAsync(string integration, string memberId, CancellationToken cancellationToken)
    {
        var update = new TableEntity(integration, memberId)
        {
            [ClientColumns.Deleted] = true,
            [ClientColumns.Status] = ClientColumns.Inactive,
            [ClientColumns.ContentHash] = string.Empty,
            [ClientColumns.SyncedAt] = time.GetUtcNow(),
        };
        try
        {
            await storage.Table(TableNames.Clients).UpdateEntityAsync(update, ETag.All, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // Never a client here: nothing to delete.
        }
    }

    private static string? Home(TableEntity client) => client.GetString(ClientColumns.HomeLocationId) is { Length: > 0 } home ? home : null;

    [LoggerMessage(Level = LogLevel.Information, Message = "{Type} for member {MemberId} handled {LatencyMs:0} ms after it was received")]
    private partial void LogHandled(string type, string memberId, double latencyMs);
}
