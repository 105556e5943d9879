using Fisikal.Sync.Core.Sync.Status;
using Fisikal.Sync.Functions.Hosting.Standalone;

namespace Fisikal.Sync.Functions.Endpoints;

/// <summary><c>GET /api/status.json</c> (admin key): schedules, freshness, runs, notifications and queues, per integration.</summary>
public static class StatusEndpoints
{
    public static RouteGroupBuilder MapStatus(this RouteGroupBuilder api)
    {
        api.MapGet("/status.json", async (HttpRequest request, IConfiguration configuration, SyncStatusReader status, ScheduleDispatcher dispatcher, CancellationToken cancellationToken) =>
            AdminKey.IsAuthorized(request, configuration)
                ? Results.Ok(await status.ReadAsync(dispatcher.Functions.Select(f => f.Name), cancellationToken).ConfigureAwait(false))
                : Results.Problem(statusCode: 401, title: "Unauthorized", detail: "A valid x-admin-key is required."));
        return api;
    }
}
