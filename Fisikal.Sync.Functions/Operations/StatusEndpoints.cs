using Fisikal.Sync.Functions.Auth;
using Microsoft.Azure.Functions.Worker;
using System.Text.Json;
using Fisikal.Sync.Core.Sync.Status;
using Fisikal.Sync.Core.Scheduling;
using Fisikal.Sync.Functions.Middleware;

namespace Fisikal.Sync.Functions.Operations;

/// <summary>
/// The status, for operators (admin routes): <c>GET /api/status.json</c> (schedules, freshness, budget use, runs with
/// progress, notifications, failures, queues, per integration) and <c>GET /api/status</c>, the same facts as an HTML
/// page. A browser without the admin key gets a sign-in form that sets a cookie derived from the key. A browser can't
/// send a function key, so these three routes are anonymous at the host: the admin key (or its cookie) guards them here.
/// </summary>
public sealed class StatusEndpoints(AdminOptions admin, SyncStatusReader status, ScheduleDispatcher dispatcher, LoginRateLimits limits, TimeProvider time)
{
    [Function(nameof(StatusJson))]
    [AdminKey]
    public async Task<IResult> StatusJson([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "status.json")] HttpRequest request, CancellationToken cancellationToken) =>
        Results.Ok(await ReadAsync(cancellationToken).ConfigureAwait(false));

    [Function(nameof(StatusPage))]
    [AdminKey(SignInPage = true)]
    public async Task<IResult> StatusPage([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "status")] HttpRequest request, CancellationToken cancellationToken) =>
        Results.Content(Operations.StatusPage.Render(JsonSerializer.SerializeToElement(await ReadAsync(cancellationToken).ConfigureAwait(false), JsonSerializerOptions.Web)), Operations.StatusPage.Html);

    [Function(nameof(StatusSignIn))]
    public async Task<IResult> StatusSignIn([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "status/sign-in")] HttpRequest request)
    {
        if (limits.TrySignIn(request.HttpContext) is { } limited)
        {
            return AuthEndpoints.TooMany(limited);
        }

        var form = request.HasFormContentType ? await request.ReadFormAsync().ConfigureAwait(false) : null;
        if (admin.Expected is not { } expected || form is null || !AdminKey.Matches(form["key"].ToString(), expected))
        {
            return Operations.StatusPage.SignInResult(failed: true);
        }

        // Secure whenever the browser came over https, a TLS-terminating proxy included (forwarded headers, when trusted).
        request.HttpContext.Response.Cookies.Append(AdminKey.Cookie, AdminKey.CookieValue(expected, time.GetUtcNow()), new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = request.IsHttps,
            Path = "/",
            MaxAge = admin.SessionLifetime,
        });
        return Results.Redirect("/api/status");
    }

    private Task<Dictionary<string, object?>> ReadAsync(CancellationToken cancellationToken) =>
        status.ReadAsync(integration => dispatcher.Jobs.Where(f => f.ScheduleFor(integration) is not null).Select(f => f.Name), cancellationToken);
}
