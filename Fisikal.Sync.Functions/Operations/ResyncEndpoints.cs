using Microsoft.Azure.Functions.Worker;
using Fisikal.Sync.Core.Sync.Webhooks;
using Fisikal.Sync.Functions.Hosting;
using Fisikal.Sync.Functions.Middleware;

namespace Fisikal.Sync.Functions.Operations;

/// <summary>
/// <c>POST /api/integrations/{integration}/members/{memberId}/resync</c> (admin key): 202, and within seconds that member's
/// client, packages and recent check-ins are refreshed from the source, ahead of every sweep (through the same
/// <c>sync-member-events</c> queue as webhooks).
/// </summary>
public sealed class ResyncEndpoints(MemberEventsHandler events)
{
    [Function(nameof(Resync))]
    [AdminKey]
    public async Task<IResult> Resync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "integrations/{integration}/members/{memberId}/resync")] HttpRequest request, string integration, string memberId, CancellationToken cancellationToken) =>
        await events.QueueResyncAsync(integration, memberId, cancellationToken).ConfigureAwait(false) switch
        {
            ResyncQueued.Queued => Results.Accepted(value: new { integration, memberId, queued = true }),
            ResyncQueued.NoIntegration => Problems.NoIntegration(integration),
            _ => Problems.Invalid("A member id may not contain / \\ # ? or control characters."),
        };
}
