using Microsoft.Azure.Functions.Worker;
using System.Text.Json;
using Fisikal.Sync.Core.Sync.Webhooks;

namespace Fisikal.Sync.Functions.Webhooks;

/// <summary>
/// <c>POST /api/webhooks/perfectgym-next</c>: authenticated by the webhook x-api-key (which also says which
/// integration it is for); answers 200 as soon as each event is queued (or its member listed for the next client sync),
/// 400 only when the body is not a webhook delivery at all: one bad event is counted as rejected, never the others.
/// </summary>
public sealed class WebhookEndpoints(PerfectGymNextWebhookReceiver receiver, ILoggerFactory loggers)
{
    [Function(nameof(PerfectGymNextWebhook))]
    public async Task<IResult> PerfectGymNextWebhook(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "webhooks/perfectgym-next")] HttpRequest request, CancellationToken cancellationToken)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var integration = receiver.Authenticate(request.Headers["x-api-key"].ToString());
        if (integration is null)
        {
            return Results.Problem(statusCode: 401, title: "Unauthorized", detail: "A valid webhook x-api-key is required.");
        }

        try
        {
            using var body = await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken).ConfigureAwait(false);
            var parsed = System.Diagnostics.Stopwatch.GetElapsedTime(started);
            var receipt = await receiver.ReceiveAsync(integration, body.RootElement, cancellationToken).ConfigureAwait(false);
            var total = System.Diagnostics.Stopwatch.GetElapsedTime(started);
            if (total > TimeSpan.FromSeconds(1))
            {
                // PerfectGym gives up after 5 s: a slow receipt is worth a warning with where the time went.
                loggers.CreateLogger("Fisikal.Sync.Webhooks").LogWarning(
                    "Slow webhook receipt for {Integration}: {TotalMs:0} ms ({ParseMs:0} ms reading the body)", integration.Name, total.TotalMilliseconds, parsed.TotalMilliseconds);
            }

            // An event neither queued nor listed is lost to us: say so (should PerfectGym ever send it again, it is welcome).
            return Results.Json(receipt, statusCode: receipt.Failed > 0 ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK);
        }
        catch (JsonException ex)
        {
            return Results.Problem(statusCode: 400, title: "Not a webhook event", detail: ex.Message);
        }
    }
}
