using Microsoft.Azure.Functions.Worker;
using Fisikal.Sync.Core.Storage;

namespace Fisikal.Sync.Functions.Operations;

/// <summary><c>GET /api/health</c>: 200 when storage answers, 503 when it does not.</summary>
public sealed class HealthEndpoints(StorageHealth storage)
{
    [Function(nameof(Health))]
    public async Task<IResult> Health([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest request, CancellationToken cancellationToken) =>
        await storage.ProblemAsync(cancellationToken).ConfigureAwait(false) is { } problem
            ? Results.Problem(statusCode: 503, title: "Storage is not reachable", detail: problem)
            : Results.Ok(new { status = "Healthy" });
}
