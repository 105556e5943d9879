using Microsoft.Azure.Functions.Worker;
using Fisikal.Sync.Functions.Hosting;
using Fisikal.Sync.Functions.Middleware;
using System.Globalization;
using Fisikal.Sync.Core.Auth;
using Fisikal.Sync.Core.Integrations;

namespace Fisikal.Sync.Functions.Auth;

/// <summary>
/// The login contract (DESIGN): <c>POST /api/auth/login</c> and <c>POST /api/auth/member-token</c> answer 200 with a
/// session, 401 (one body for every refusal), 429 with Retry-After (limited or locked out) or 503 (the source that
/// must decide can't be reached, or login is not configured). <c>PUT /api/auth/credentials/{userName}</c> (admin key)
/// writes a platform credential.
/// </summary>
public sealed class AuthEndpoints(
    LoginService logins, SessionTokens sessions, MemberTokenReader tokens, LoginRateLimits limits, AuthOptions options, IntegrationRegistry integrations, PlatformCredentialStore credentials)
{
    [Function(nameof(Login))]
    public async Task<IResult> Login([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "auth/login")] HttpRequest request, CancellationToken cancellationToken)
    {
        if (limits.TryLogin(request.HttpContext) is { } limited)
        {
            return TooMany(limited);
        }

        if (!sessions.IsConfigured)
        {
            return NotConfigured("Auth__SessionSigningKey");
        }

        var body = await ReadAsync<LoginRequest>(request, cancellationToken).ConfigureAwait(false);
        if (body is not { Username: { Length: > 0 and <= 200 } userName, Password: { Length: > 0 and <= 1024 } password })
        {
            return Results.Problem(statusCode: 400, title: "Invalid request", detail: "Send {\"username\": \"...\", \"password\": \"...\", \"integration\": \"...\"}.");
        }

        var (integration, problem) = logins.IntegrationFor(body.Integration);
        if (integration is null)
        {
            return Results.Problem(statusCode: 400, title: "Invalid request", detail: problem);
        }

        if (limits.TryUserName(userName) is { } wait)
        {
            return TooMany(wait);
        }

        return Answer(await logins.LoginAsync(userName, password, integration, cancellationToken).ConfigureAwait(false));
    }

    [Function(nameof(MemberToken))]
    public async Task<IResult> MemberToken([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "auth/member-token")] HttpRequest request, CancellationToken cancellationToken)
    {
        if (limits.TryLogin(request.HttpContext) is { } limited)
        {
            return TooMany(limited);
        }

        if (!sessions.IsConfigured || !tokens.IsConfigured)
        {
            return NotConfigured(sessions.IsConfigured ? "Auth__MemberTokenKey" : "Auth__SessionSigningKey");
        }

        var body = await ReadAsync<MemberTokenRequest>(request, cancellationToken).ConfigureAwait(false);
        return body?.Token is { Length: > 0 } token
            ? Answer(await logins.MemberTokenLoginAsync(token, cancellationToken).ConfigureAwait(false))
            : Results.Problem(statusCode: 400, title: "Invalid request", detail: "Send {\"token\": \"<base64url>\"}.");
    }

    [Function(nameof(Credentials))]
    [AdminKey]
    public async Task<IResult> Credentials(
        [HttpTrigger(AuthorizationLevel.Function, "put", Route = "auth/credentials/{userName}")] HttpRequest request, string userName, CancellationToken cancellationToken)
    {

        var body = await ReadAsync<CredentialRequest>(request, cancellationToken).ConfigureAwait(false);
        if (body is not { Password: { Length: >= 8 and <= 1024 } password, ClientId: { Length: > 0 } clientId, Integration: { Length: > 0 } integration })
        {
            return Results.Problem(statusCode: 400, title: "Invalid request", detail: "Send {\"password\": \"(8 or more characters)\", \"clientId\": \"...\", \"integration\": \"...\"}.");
        }

        if (!integrations.TryGet(integration, out _))
        {
            return Problems.NoIntegration(integration);
        }

        try
        {
            await credentials.SetAsync(userName, PasswordHash.Create(password, options.PasswordIterations), clientId, integration, cancellationToken).ConfigureAwait(false);
        }
        catch (ArgumentException ex)
        {
            return Results.Problem(statusCode: 400, title: "Invalid request", detail: ex.Message);
        }

        return Results.NoContent();
    }

    private static IResult Answer(LoginOutcome outcome) => outcome switch
    {
        { Session: { } s } => Results.Ok(new { token = s.Token, tokenType = s.TokenType, expiresAt = s.ExpiresAt, clientId = s.ClientId, integration = s.Integration }),
        { Failure: LoginFailure.LockedOut, RetryAfter: var wait } => TooMany(wait ?? TimeSpan.FromMinutes(1)),
        { Failure: LoginFailure.Unavailable } => new RetryAfterResult(
            Results.Problem(statusCode: 503, title: "Try again shortly", detail: "The membership system could not be reached to check these credentials."), outcome.RetryAfter ?? TimeSpan.FromSeconds(30)),
        _ => Results.Problem(statusCode: 401, title: "Unauthorized", detail: "The credentials are not valid."),
    };

    internal static IResult TooMany(TimeSpan wait) =>
        new RetryAfterResult(Results.Problem(statusCode: 429, title: "Too many requests", detail: "Too many login attempts; try again later."), wait);

    private static IResult NotConfigured(string setting) =>
        Results.Problem(statusCode: 503, title: "Login is not configured", detail: $"Set {setting} to enable this route.");

    private static async Task<T?> ReadAsync<T>(HttpRequest request, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            return request.HasJsonContentType() ? await request.ReadFromJsonAsync<T>(cancellationToken).ConfigureAwait(false) : null;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private sealed record LoginRequest(string? Username, string? Password, string? Integration);

    private sealed record MemberTokenRequest(string? Token);

    private sealed record CredentialRequest(string? Password, string? ClientId, string? Integration);

    /// <summary>A result with a Retry-After header (whole seconds, at least 1).</summary>
    internal sealed class RetryAfterResult(IResult inner, TimeSpan after) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(after.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            return inner.ExecuteAsync(httpContext);
        }
    }
}
