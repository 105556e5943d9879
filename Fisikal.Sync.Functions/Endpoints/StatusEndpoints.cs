using Microsoft.Azure.Functions.Worker;
using System.Text.Json;
using Fisikal.Sync.Core.Sync.Status;
using Fisikal.Sync.Functions.Schedules;

namespace Fisikal.Sync.Functions.Endpoints;

/// <summary>
/// The status, for operators (admin routes): <c>GET /api/status.json</c> (schedules, freshness, budget use, runs with
/// progress, notifications, failures, queues, per integration) and <c>GET /api/status</c>, the same facts as an HTML
/// page. A browser without the admin key gets a sign-in form that sets a cookie derived from the key. A browser can't
/// send a function key, so these three routes are anonymous at the host: the admin key (or its cookie) guards them here.
/// </summary>
public sealed class StatusEndpoints(IConfiguration configuration, SyncStatusReader status, ScheduleDispatcher dispatcher, LoginRateLimits limits, TimeProvider time)
{
    private const string Html = "text/html; charset=utf-8";

    [Function("StatusJson")]
    public async Task<IResult> JsonAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "status.json")] HttpRequest request, CancellationToken cancellationToken) =>
        AdminKey.IsAuthorized(request, configuration)
            ? Results.Ok(await ReadAsync(cancellationToken).ConfigureAwait(false))
            : AdminKey.Unauthorized();

    [Function("StatusPage")]
    public async Task<IResult> PageAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "status")] HttpRequest request, CancellationToken cancellationToken) =>
        AdminKey.IsAuthorized(request, configuration)
            ? Results.Content(StatusPage.Render(JsonSerializer.SerializeToElement(await ReadAsync(cancellationToken).ConfigureAwait(false), JsonSerializerOptions.Web)), Html)
            : Results.Content(StatusPage.SignIn(failed: false), Html, statusCode: 401);

    [Function("StatusSignIn")]
    public async Task<IResult> SignInAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "status/sign-in")] HttpRequest request)
    {
        if (limits.TrySignIn(request.HttpContext) is { } limited)
        {
            return AuthEndpoints.TooMany(limited);
        }

        var form = request.HasFormContentType ? await request.ReadFormAsync().ConfigureAwait(false) : null;
        if (AdminKey.Expected(configuration) is not { } expected || form is null || !AdminKey.Matches(form["key"].ToString(), expected))
        {
            return Results.Content(StatusPage.SignIn(failed: true), Html, statusCode: 401);
        }

        // Secure whenever the browser came over https, a TLS-terminating proxy included (forwarded headers, when trusted).
        request.HttpContext.Response.Cookies.Append(AdminKey.Cookie, AdminKey.CookieValue(expected, time.GetUtcNow()), new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = request.IsHttps,
            Path = "/",
            MaxAge = AdminKey.SessionLifetime(configuration),
        });
        return Results.Redirect("/api/status");
    }

    private Task<Dictionary<string, object?>> ReadAsync(CancellationToken cancellationToken) =>
        status.ReadAsync(integration => dispatcher.Functions.Where(f => f.ScheduleFor(integration) is not null).Select(f => f.Name), cancellationToken);
}
