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
    /// The caller's address. Under the Functions host every request comes from the host on 127.0.0.1, so the client is
    /// the first <c>X-Forwarded-For</c> entry (set by Azure's front end; only the host can reach the app there). Standalone
    /// the header is not trusted: anyone could send it.
    /// </summary>
    public static string ClientAddress(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var configuration = context.RequestServices.GetRequiredService<IConfiguration>();
        if (!string.IsNullOrEmpty(configuration[Hosting.FunctionsServiceCollectionExtensions.CustomHandlerPortVariable])
            && context.Request.Headers["X-Forwarded-For"].ToString().Split(',')[0].Trim() is { Length: > 0 } forwarded)
        {
            return forwarded;
        }

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
