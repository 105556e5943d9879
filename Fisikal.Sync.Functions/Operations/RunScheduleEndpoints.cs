using Fisikal.Sync.Core.Scheduling;
using Fisikal.Sync.Functions.Middleware;
using Microsoft.Azure.Functions.Worker;

namespace Fisikal.Sync.Functions.Operations;

/// <summary>
/// <c>POST /api/schedules/{function}</c> (admin key): runs a scheduled job now, for every integration it applies
/// to or for the one named in <c>{"integration": "name"}</c>; 202 once done. <c>GET /api/schedules</c> lists them.
/// </summary>
public sealed class RunScheduleEndpoints(ScheduleDispatcher dispatcher)
{
    [Function(nameof(Schedules))]
    [AdminKey]
    public IResult Schedules([HttpTrigger(AuthorizationLevel.Function, "get", Route = "schedules")] HttpRequest request) =>
        Results.Ok(dispatcher.Schedules().Select(s => new { name = s.Job, integrations = s.Integrations }));

    [Function(nameof(RunSchedule))]
    [AdminKey]
    public async Task<IResult> RunSchedule(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "schedules/{function}")] HttpRequest request, string function, CancellationToken cancellationToken)
    {
        var integration = request.HasJsonContentType() ? (await request.ReadFromJsonAsync<RunScheduleRequest>(cancellationToken).ConfigureAwait(false))?.Integration : null;
        return await dispatcher.RunNowAsync(function, string.IsNullOrEmpty(integration) ? null : integration, cancellationToken).ConfigureAwait(false) switch
        {
            RunNowOutcome.Ran => Results.Accepted(),
            RunNowOutcome.NoSuchJob => Results.Problem(statusCode: 404, title: "Not found", detail: $"No scheduled function named '{function}'."),
            RunNowOutcome.NoSuchIntegration => Results.Problem(statusCode: 404, title: "Not found", detail: $"No integration named '{integration}'."),
            _ => Results.Problem(statusCode: 409, title: "Does not apply", detail: $"{function} does not run for integration '{integration}' (its kind has no such schedule)."),
        };
    }

    private sealed record RunScheduleRequest(string? Integration);
}
