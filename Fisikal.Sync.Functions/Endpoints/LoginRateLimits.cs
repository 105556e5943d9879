using System.Globalization;
using System.Threading.RateLimiting;
using Fisikal.Sync.Core.Auth;
using Microsoft.AspNetCore.RateLimiting;

namespace Fisikal.Sync.Functions.Endpoints;

/// <summary>
/// Request limits on the login routes (ASP.NET Core rate limiting, per instance): per client IP on both routes, and
/// per user name on the password login. They slow a brute force down; the lockout (shared by every instance) ends it.
/// A limited request answers 429 with Retry-After.
/// </summary>
public sealed class LoginRateLimits : IDisposable
{
    public const string PerIpPolicy = "login-per-ip";

    /// <summary>The status page's sign-in: a guess at the admin key is a login attempt too (per client IP, 10 a minute).</summary>
    public const string SignInPolicy = "status-sign-in-per-ip";

    private const int SignInsPerIpPerMinute = 10;

    private readonly PartitionedRateLimiter<string> _perUserName;

    public LoginRateLimits(AuthOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _perUserName = PartitionedRateLimiter.Create<string, string>(name => RateLimitPartition.GetFixedWindowLimiter(
            name,
            _ => new FixedWindowRateLimiterOptions { PermitLimit = options.AttemptsPerUserNamePerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
    }

    /// <summary>Null when this attempt may go on; otherwise how long to wait.</summary>
    public TimeSpan? TryUserName(string userName)
    {
        using var lease = _perUserName.AttemptAcquire(userName.Trim().ToLowerInvariant());
        return lease.IsAcquired ? null : lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromMinutes(1);
    }

    public void Dispose() => _perUserName.Dispose();

    /// <summary>
    /// The caller's address: the connection's, which the forwarded-headers middleware replaces with the client's
    /// <c>X-Forwarded-For</c> entry only when the request came through a configured proxy (<c>ForwardedHeaders__KnownProxies__n</c>,
    /// <c>__KnownNetworks__n</c>; none by default). A header any client can send is never trusted on its own.
    /// </summary>
    public static string ClientAddress(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
    }

    /// <summary>The per-IP policy, with its 429 problem answer.</summary>
    public static void AddPolicies(RateLimiterOptions limiter, AuthOptions options)
    {
        ArgumentNullException.ThrowIfNull(limiter);
        ArgumentNullException.ThrowIfNull(options);
        limiter.AddPolicy(PerIpPolicy, context => RateLimitPartition.GetFixedWindowLimiter(
            ClientAddress(context),
            _ => new FixedWindowRateLimiterOptions { PermitLimit = options.AttemptsPerIpPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
        limiter.AddPolicy(SignInPolicy, context => RateLimitPartition.GetFixedWindowLimiter(
            ClientAddress(context),
            _ => new FixedWindowRateLimiterOptions { PermitLimit = SignInsPerIpPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
        limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        limiter.OnRejected = async (context, cancellationToken) =>
        {
            var after = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
            context.HttpContext.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(after.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            await Results.Problem(statusCode: 429, title: "Too many requests", detail: "Too many login attempts; try again later.")
                .ExecuteAsync(context.HttpContext).ConfigureAwait(false);
        };
    }
}
