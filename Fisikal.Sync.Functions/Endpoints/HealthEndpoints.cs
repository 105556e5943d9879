using Azure.Data.Tables;
using Fisikal.Sync.Core.Sync;

namespace Fisikal.Sync.Functions.Endpoints;

/// <summary><c>GET /api/health</c>: 200 when storage answers, 503 when it does not.</summary>
public static class HealthEndpoints
{
    public static RouteGroupBuilder MapHealth(this RouteGroupBuilder api)
    {
        api.MapGet("/health", async (SyncStorage storage, CancellationToken cancellationToken) =>
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
        });
        return api;
    }
}
