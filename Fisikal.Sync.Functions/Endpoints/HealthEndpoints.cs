using Microsoft.Azure.Functions.Worker;
using Azure.Data.Tables;
using Fisikal.Sync.Core.Sync;

namespace Fisikal.Sync.Functions.Endpoints;

/// <summary><c>GET /api/health</c>: 200 when storage answers, 503 when it does not.</summary>
public sealed class HealthEndpoints(SyncStorage storage)
{
    [Function("Health")]
    public async Task<IResult> GetAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest request, CancellationToken cancellationToken)
    {
            try
            {
                await foreach (var _ in storage.Table(TableNames.SyncRuns).QueryAsync<TableEntity>("PartitionKey eq 'health'", maxPerPage: 1, cancellationToken: cancellationToken).AsPages().ConfigureAwait(false))
                {
                    break;
                }

                return Results.Ok(new { status = "Healthy" });
            }
            catch (Azure.RequestFailedException ex)
            {
                return Results.Problem(statusCode: 503, title: "Storage is not reachable", detail: $"Table service answered {ex.Status} ({ex.ErrorCode}).");
            }
            catch (HttpRequestException)
            {
                return Results.Problem(statusCode: 503, title: "Storage is not reachable", detail: "The table service did not answer.");
            }
    }
}
