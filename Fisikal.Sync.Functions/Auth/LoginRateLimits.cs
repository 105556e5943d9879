using Microsoft.Azure.Functions.Worker;
using System.Globalization;
using System.Threading.RateLimiting;
using Fisikal.Sync.Core.Auth;

namespace Fisikal.Sync.Functions.Auth;

/// <summary>
/// Request limits on the login routes (System.Threading.RateLimiting, per instance): per client IP on both routes, and
/// per user name on the password login. They slow a brute force down; the lockout (shared by every instance) ends it.
/// A limited request answers 429 with Retry-After.
/// </summary>
public sealed class LoginRateLimits : IDisposable
{
    /// <summary>The status page's sign-in: a guess at the admin key is a login attempt too (per client IP, 10 a minute).</summary>
    private const int SignInsPerIpPerMinute = 10;

    private readonly PartitionedRateLimiter<string> _perUserName;
    private readonly PartitionedRateLimiter<string> _loginsPerIp;
    private readonly PartitionedRateLimiter<string> _signInsPerIp;

    public LoginRateLimits(AuthOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _perUserName = PerMinute(options.AttemptsPerUserNamePerMinute);
        _loginsPerIp = PerMinute(options.AttemptsPerIpPerMinute);
        _signInsPerIp = PerMinute(SignInsPerIpPerMinute);
    }

    /// <summary>Null when this attempt may go on; otherwise how long to wait.</summary>
    public TimeSpan? TryUserName(string userName) => Try(_perUserName, userName.Trim().ToLowerInvariant());

    /// <summary>A login or member-token attempt from the caller's address.</summary>
    public TimeSpan? TryLogin(HttpContext context) => Try(_loginsPerIp, ClientAddress(context));

    /// <summary>A status page sign-in from the caller's address.</summary>
    public TimeSpan? TrySignIn(HttpContext context) => Try(_signInsPerIp, ClientAddress(context));

    public void Dispose()
    {
        _perUserName.Dispose();
        _loginsPerIp.Dispose();
        _signInsPerIp.Dispose();
    }

    private static PartitionedRateLimiter<string> PerMinute(int permits) =>
        PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetFixedWindowLimiter(
            key, _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));

    private static TimeSpan? Try(PartitionedRateLimiter<string> limiter, string key)
    {
        using var lease = limiter.AttemptAcquire(key);
        return lease.IsAcquired ? null : lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromMinutes(1);
    }

    /// <summary>
    /// The caller's address: the connection's, which the forwarded-headers middleware replaces with the host's
    /// <c>X-Forwarded-For</c> (the address the host was called from) when the request came from the host on loopback or a
    /// configured proxy (see <see cref="Hosting.ForwardedHeadersSetup"/>). A header a client sends the host is replaced
    /// by the host, never believed on its own.
    /// </summary>
    public static string ClientAddress(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
    }
}
