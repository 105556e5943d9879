using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Fisikal.Sync.Functions.Middleware;

/// <summary>
/// The admin key, as <see cref="AdminKeyMiddleware"/> checks it for admin routes (status, re-sync, initial sync and its runs, catalog, credentials, running a
/// schedule now): <c>Admin__ApiKey</c> in the <c>x-admin-key</c> header or, for the status page in a browser, the cookie its
/// sign-in form sets; compared in constant time. Always required (functions marked <see cref="AdminKeyAttribute"/>), wherever the app runs: without a configured key every
/// admin route answers 401. Under the Functions host the admin routes are <c>authLevel: function</c> as well, but for the
/// ones a browser opens (the status page, its sign-in form, status.json: a form can't carry a function key), which are
/// anonymous there; the host's key alone is never enough.
/// <para>
/// The cookie holds its issue time and an HMAC of it under the key (so the key never sits in a browser, and a cookie
/// expires after <c>Admin__SessionLifetime</c>, 12 hours by default, whatever the browser does).
/// </para>
/// </summary>
public static class AdminKey
{
    public const string Header = "x-admin-key";
    public const string Cookie = "fisikal-admin";

    public static bool IsAuthorized(HttpRequest request, AdminOptions options, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Expected is not { } expected)
        {
            return false;
        }

        return request.Headers[Header].ToString() is { Length: > 0 } header
            ? Matches(header, expected)
            : request.Cookies[Cookie] is { Length: > 0 } cookie && IsValidCookie(cookie, expected, options.SessionLifetime, now);
    }

    /// <summary>A sign-in cookie issued now: <c>{unix seconds}.{HMAC}</c>.</summary>
    public static string CookieValue(string key, DateTimeOffset issuedAt)
    {
        var issued = issuedAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return issued + "." + Mac(key, issued);
    }

    public static bool IsValidCookie(string cookie, string key, TimeSpan lifetime, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(cookie);
        var dot = cookie.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || !long.TryParse(cookie.AsSpan(0, dot), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || !Matches(cookie[(dot + 1)..], Mac(key, cookie[..dot])))
        {
            return false;
        }

        var issuedAt = DateTimeOffset.FromUnixTimeSeconds(seconds);
        return issuedAt <= now + TimeSpan.FromMinutes(1) && now - issuedAt < lifetime;
    }

    public static bool Matches(string presented, string expected) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(expected));

    public static IResult Unauthorized() => Results.Problem(statusCode: 401, title: "Unauthorized", detail: "A valid x-admin-key is required.");

    private static string Mac(string key, string issued) =>
        Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes("fisikal-status-page:" + issued)));
}
