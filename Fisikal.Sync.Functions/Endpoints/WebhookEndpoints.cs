using Microsoft.Azure.Functions.Worker;
using System.Text.Json;
using Fisikal.Sync.Core.Sync.Webhooks;

namespace Fisikal.Sync.Functions.Endpoints;

/// <summary>
/// <c>POST /api/webhooks/perfectgym-next</c>: authenticated by the webhook x-api-key (which also says which
/// integration it is for); answers 200 as soon as the events are queued.
/// </summary>
public sealed class WebhookEndpoints(PerfectGymNextWebhookReceiver receiver, ILoggerFactory loggers)
{
    [Function("PerfectGymNextWebhook")]
    public async Task<IResult> ReceiveAsync(
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

                return Results.Ok(receipt);
            }
            catch (JsonException ex)
            {
                return Results.Problem(statusCode: 400, title: "Not a webhook event", detail: ex.Message);
            }
            catch (ArgumentException ex)
            {
                return Results.Problem(statusCode: 400, title: "Not a webhook event", detail: ex.Message);
            }
    }
}
