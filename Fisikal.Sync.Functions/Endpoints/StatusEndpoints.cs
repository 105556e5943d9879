using System.Text.Json;
using Fisikal.Sync.Core.Sync.Status;
using Fisikal.Sync.Functions.Hosting.Standalone;

namespace Fisikal.Sync.Functions.Endpoints;

/// <summary>
/// The status, for operators (admin routes): <c>GET /api/status.json</c> (schedules, freshness, budget use, runs with
/// progress, notifications, failures, queues, per integration) and <c>GET /api/status</c>, the same facts as an HTML
/// page. A browser without the admin key gets a sign-in form that sets a cookie derived from the key.
/// </summary>
public static class StatusEndpoints
{
    private const string Html = "text/html; charset=utf-8";

    public static RouteGroupBuilder MapStatus(this RouteGroupBuilder api)
    {
        api.MapGet("/status.json", async (HttpRequest request, IConfiguration configuration, SyncStatusReader status, ScheduleDispatcher dispatcher, CancellationToken cancellationToken) =>
            AdminKey.IsAuthorized(request, configuration)
                ? Results.Ok(await ReadAsync(status, dispatcher, cancellationToken).ConfigureAwait(false))
                : AdminKey.Unauthorized());
        api.MapGet("/status", async (HttpRequest request, IConfiguration configuration, SyncStatusReader status, ScheduleDispatcher dispatcher, CancellationToken cancellationToken) =>
            AdminKey.IsAuthorized(request, configuration)
                ? Results.Content(StatusPage.Render(JsonSerializer.SerializeToElement(await ReadAsync(status, dispatcher, cancellationToken).ConfigureAwait(false), JsonSerializerOptions.Web)), Html)
                : Results.Content(StatusPage.SignIn(failed: false), Html, statusCode: 401));
        api.MapPost("/status/sign-in", async (HttpRequest request, HttpResponse response, IConfiguration configuration, TimeProvider time) =>
        {
            var form = request.HasFormContentType ? await request.ReadFormAsync().ConfigureAwait(false) : null;
            if (configuration["Admin:ApiKey"] is not { Length: > 0 } expected || form is null || !AdminKey.Matches(form["key"].ToString(), expected))
            {
                return Results.Content(StatusPage.SignIn(failed: true), Html, statusCode: 401);
            }

            // Secure whenever the browser came over https, a TLS-terminating proxy included (forwarded headers, when trusted).
            response.Cookies.Append(AdminKey.Cookie, AdminKey.CookieValue(expected, time.GetUtcNow()), new CookieOptions
            {
                HttpOnly = true,
                SameSite = SameSiteMode.Strict,
                Secure = request.IsHttps,
                Path = "/",
                MaxAge = AdminKey.SessionLifetime(configuration),
            });
            return Results.Redirect("/api/status");
        }).RequireRateLimiting(LoginRateLimits.SignInPolicy);
        return api;
    }

    private static Task<Dictionary<string, object?>> ReadAsync(SyncStatusReader status, ScheduleDispatcher dispatcher, CancellationToken cancellationToken) =>
        status.ReadAsync(integration => dispatcher.Functions.Where(f => f.ScheduleFor(integration) is not null).Select(f => f.Name), cancellationToken);
}
