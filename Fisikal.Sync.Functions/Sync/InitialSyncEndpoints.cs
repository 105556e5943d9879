using Microsoft.Azure.Functions.Worker;
using Fisikal.Sync.Functions.Middleware;
using Fisikal.Sync.Core.Sync.InitialSync;
using Fisikal.Sync.Core.Sync.Runs;

namespace Fisikal.Sync.Functions.Sync;

/// <summary><c>POST .../initial-sync</c> starts a run (202 and its URL); <c>GET .../sync-runs/{runId}</c> shows its progress. Both admin routes.</summary>
public sealed class InitialSyncEndpoints(InitialSyncService sync, SyncRunStore runs)
{
    [Function(nameof(InitialSync))]
    [AdminKey]
    public async Task<IResult> InitialSync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "integrations/{integration}/initial-sync")] HttpRequest request, string integration, CancellationToken cancellationToken)
    {

        InitialSyncRequest? body = null;
        if (request.ContentLength is > 0 || request.Headers.TransferEncoding.Count > 0)
        {
            try
            {
                body = await request.ReadFromJsonAsync<InitialSyncRequest>(cancellationToken).ConfigureAwait(false);
            }
            catch (System.Text.Json.JsonException)
            {
                return Results.Problem(statusCode: 400, title: "The body is not valid JSON", detail: "Send {\"locationId\": \"...\"} or no body.");
            }
        }

        try
        {
            var run = await sync.StartAsync(integration, string.IsNullOrWhiteSpace(body?.LocationId) ? null : body.LocationId, cancellationToken: cancellationToken).ConfigureAwait(false);
            return Results.Accepted($"/api/integrations/{Uri.EscapeDataString(integration)}/sync-runs/{run.RunId}", run);
        }
        catch (KeyNotFoundException ex)
        {
            return Results.Problem(statusCode: 404, title: "Not found", detail: ex.Message);
        }
        catch (ArgumentException ex)
        {
            return Results.Problem(statusCode: 400, title: "Invalid request", detail: ex.Message);
        }
    }

    [Function(nameof(SyncRun))]
    [AdminKey]
    public async Task<IResult> SyncRun(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "integrations/{integration}/sync-runs/{runId}")] HttpRequest request, string integration, string runId, CancellationToken cancellationToken)
    {

        var progress = await runs.GetProgressAsync(integration, runId, cancellationToken).ConfigureAwait(false);
        return progress is null
            ? Results.Problem(statusCode: 404, title: "Not found", detail: $"Integration '{integration}' has no sync run '{runId}'.")
            : Results.Ok(progress);
    }

    private sealed record InitialSyncRequest(string? LocationId);
}
