using Microsoft.Azure.Functions.Worker;
using System.Text.Json;
using Fisikal.Sync.Core.Integrations;
using Azure.Data.Tables;
using Fisikal.Sync.Core.Storage;
using Fisikal.Sync.Core.Sync;
using Fisikal.Sync.Core.Sync.Webhooks;

namespace Fisikal.Sync.Functions.Endpoints;

/// <summary>
/// <c>POST /api/integrations/{integration}/members/{memberId}/resync</c> (admin key): 202, and within seconds that member's
/// client, packages and recent check-ins are refreshed from the source, ahead of every sweep (through the same
/// <c>sync-member-events</c> queue as webhooks).
/// </summary>
public sealed class ResyncEndpoints(IConfiguration configuration, IntegrationRegistry integrations, SyncStorage storage, TimeProvider time)
{
    [Function("Resync")]
    public async Task<IResult> ResyncAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "integrations/{integration}/members/{memberId}/resync")] HttpRequest request, string integration, string memberId, CancellationToken cancellationToken)
    {
        if (!AdminKey.IsAuthorized(request, configuration))
        {
            return AdminKey.Unauthorized();
        }

        if (!integrations.TryGet(integration, out var options))
        {
            return Results.Problem(statusCode: 404, title: "Not found", detail: $"No integration named '{integration}' is configured.");
        }

        if (!TableKeys.IsValidKey(memberId) || memberId.Length == 0)
        {
            return Results.Problem(statusCode: 400, title: "Invalid request", detail: "A member id may not contain / \\ # ? or control characters.");
        }

        var message = new MemberEventMessage(options.Name, Guid.NewGuid().ToString("N"), MemberEventsHandler.Resync, 0, time.GetUtcNow(), memberId);
        await storage.Queue(QueueNames.MemberEvents).SendMessageAsync(JsonSerializer.Serialize(message), cancellationToken: cancellationToken).ConfigureAwait(false);
        return Results.Accepted(value: new { integration = options.Name, memberId, queued = true });
    }
}
