using Microsoft.Azure.Functions.Worker;
using Fisikal.Sync.Functions.Middleware;
using Fisikal.Sync.Core.Integrations;
using Fisikal.Sync.Core.Sources.PerfectGymNext;

namespace Fisikal.Sync.Functions.Operations;

/// <summary>
/// <c>POST /api/integrations/{integration}/confirm-activation</c> (admin key): calls PerfectGym Next's
/// <c>POST /v1/studios/confirmActivation</c> with the integration's key, after which the studio sends webhooks.
/// </summary>
public sealed class ActivationEndpoints(IntegrationRegistry integrations, PerfectGymNextClientFactory clients)
{
    [Function(nameof(ConfirmActivation))]
    [AdminKey]
    public async Task<IResult> ConfirmActivation(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "integrations/{integration}/confirm-activation")] HttpRequest request, string integration, CancellationToken cancellationToken)
    {
        if (!integrations.TryGet(integration, out var options) || options.Kind != IntegrationKind.PerfectGymNext)
        {
            return Results.Problem(statusCode: 404, title: "Not found", detail: $"No PerfectGym Next integration named '{integration}'.");
        }

        try
        {
            await clients.Get(options).ConfirmActivationAsync(cancellationToken).ConfigureAwait(false);
            return Results.Ok(new { integration, activated = true });
        }
        catch (PerfectGymNextException ex)
        {
            return Results.Problem(statusCode: 502, title: "PerfectGym did not confirm the activation", detail: ex.Message);
        }
    }
}
