using Fisikal.Sync.Core.Integrations;
using Fisikal.Sync.Functions.Hosting.Standalone;

namespace Fisikal.Sync.Functions.Endpoints;

/// <summary>
/// The Functions host's admin API, standalone: <c>GET /admin/functions</c> lists the functions;
/// <c>POST /admin/functions/{name}</c> runs a timer function now, for every integration or for the
/// one named in <c>{"input": "name"}</c>.
/// </summary>
public static class AdminFunctionEndpoints
{
    public static IEndpointRouteBuilder MapAdminFunctions(this IEndpointRouteBuilder app)
    {
        app.MapGet("/admin/functions", (HttpRequest request, IConfiguration configuration, ScheduleDispatcher dispatcher, IntegrationRegistry integrations, IEnumerable<Hosting.IQueueFunction> queueFunctions) =>
            !AdminKey.IsAuthorized(request, configuration)
                ? AdminKey.Unauthorized()
                : Results.Ok(dispatcher.Functions
                    .Select(f => new { name = f.Name, trigger = "timerTrigger", integrations = integrations.All.Where(i => f.ScheduleFor(i) is not null).Select(i => i.Name).ToArray() })
                    .Concat(queueFunctions.Select(f => new { name = f.Name, trigger = "queueTrigger", integrations = integrations.All.Select(i => i.Name).ToArray() }))));

        app.MapPost("/admin/functions/{name}", async (string name, HttpRequest request, IConfiguration configuration, ScheduleDispatcher dispatcher, IntegrationRegistry integrations, CancellationToken cancellationToken) =>
        {
            if (!AdminKey.IsAuthorized(request, configuration))
            {
                return AdminKey.Unauthorized();
            }

            var function = dispatcher.Functions.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase));
            if (function is null)
            {
                return Results.Problem(statusCode: 404, title: "Not found", detail: $"No timer function named '{name}'.");
            }

            var input = request.ContentLength is > 0 ? (await request.ReadFromJsonAsync<AdminInvocation>(cancellationToken).ConfigureAwait(false))?.Input : null;
            var targets = string.IsNullOrEmpty(input) ? integrations.All.Where(i => function.ScheduleFor(i) is not null).ToList() : integrations.TryGet(input, out var one) ? [one] : [];
            if (!string.IsNullOrEmpty(input) && targets.Count == 0)
            {
                return Results.Problem(statusCode: 404, title: "Not found", detail: $"No integration named '{input}'.");
            }

            if (targets.Any(i => function.ScheduleFor(i) is null))
            {
                return Results.Problem(statusCode: 409, title: "Does not apply", detail: $"{function.Name} does not run for integration '{input}' (its kind has no such schedule).");
            }

            foreach (var integration in targets)
            {
                await dispatcher.RunAsync(integration, function, cancellationToken).ConfigureAwait(false);
            }

            return Results.Accepted();
        });
        return app;
    }

    private sealed record AdminInvocation(string? Input);
}
