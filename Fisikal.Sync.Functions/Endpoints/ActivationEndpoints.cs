using Microsoft.Azure.Functions.Worker;
using Fisikal.Sync.Core.Integrations;
using Fisikal.Sync.Core.Sources.PerfectGymNext;

namespace Fisikal.Sync.Functions.Endpoints;

/// <summary>
/// <c>POST /api/integrations/{integration}/confirm-activation</c> (admin key): calls PerfectGym Next's
/// <c>POST /v1/studios/confirmActivation</c> with the integration's key, after which the studio sends webhooks.
/// </summary>
public sealed class ActivationEndpoints(IConfiguration configuration, IntegrationRegistry integrations, PerfectGymNextClientFactory clients)
{
    [Function("ConfirmActivation")]
    public async Task<IResult> ConfirmAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "integrations/{integration}/confirm-activation")] HttpRequest request, string integration, CancellationToken cancellationToken)
    {
            if (!AdminKey.IsAuthorized(request, configuration))
            {
                return AdminKey.Unauthorized();
            }

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
