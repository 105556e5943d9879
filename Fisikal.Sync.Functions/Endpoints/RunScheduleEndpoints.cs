using Fisikal.Sync.Core.Integrations;
using Fisikal.Sync.Functions.Schedules;
using Microsoft.Azure.Functions.Worker;

namespace Fisikal.Sync.Functions.Endpoints;

/// <summary>
/// <c>POST /api/schedules/{function}</c> (admin key): runs a scheduled function now, for every integration it applies
/// to or for the one named in <c>{"integration": "name"}</c>; 202 once done.
/// </summary>
public sealed class RunScheduleEndpoints(IConfiguration configuration, ScheduleDispatcher dispatcher, IntegrationRegistry integrations)
{
    /// <summary><c>GET /api/schedules</c> (admin key): the scheduled functions and the integrations each runs for.</summary>
    [Function("Schedules")]
    public IResult List([HttpTrigger(AuthorizationLevel.Function, "get", Route = "schedules")] HttpRequest request) =>
        !AdminKey.IsAuthorized(request, configuration)
            ? AdminKey.Unauthorized()
            : Results.Ok(dispatcher.Functions.Select(f => new { name = f.Name, integrations = integrations.All.Where(i => f.ScheduleFor(i) is not null).Select(i => i.Name).ToArray() }));

    [Function("RunSchedule")]
    public async Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "schedules/{function}")] HttpRequest request, string function, CancellationToken cancellationToken)
    {
        if (!AdminKey.IsAuthorized(request, configuration))
        {
            return AdminKey.Unauthorized();
        }

        var scheduled = dispatcher.Functions.FirstOrDefault(f => string.Equals(f.Name, function, StringComparison.OrdinalIgnoreCase));
        if (scheduled is null)
        {
            return Results.Problem(statusCode: 404, title: "Not found", detail: $"No scheduled function named '{function}'.");
        }

        var input = request.HasJsonContentType() ? (await request.ReadFromJsonAsync<RunScheduleRequest>(cancellationToken).ConfigureAwait(false))?.Integration : null;
        var targets = string.IsNullOrEmpty(input) ? integrations.All.Where(i => scheduled.ScheduleFor(i) is not null).ToList() : integrations.TryGet(input, out var one) ? [one] : [];
        if (!string.IsNullOrEmpty(input) && targets.Count == 0)
        {
            return Results.Problem(statusCode: 404, title: "Not found", detail: $"No integration named '{input}'.");
        }

        if (targets.Any(i => scheduled.ScheduleFor(i) is null))
        {
            return Results.Problem(statusCode: 409, title: "Does not apply", detail: $"{scheduled.Name} does not run for integration '{input}' (its kind has no such schedule).");
        }

        foreach (var integration in targets)
        {
            await dispatcher.RunAsync(integration, scheduled, cancellationToken).ConfigureAwait(false);
        }

        return Results.Accepted();
    }

    private sealed record RunScheduleRequest(string? Integration);
}
