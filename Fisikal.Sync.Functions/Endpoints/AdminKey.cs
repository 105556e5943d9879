using System.Security.Cryptography;
using System.Text;

namespace Fisikal.Sync.Functions.Endpoints;

/// <summary>
/// The admin key check for admin routes (status, re-sync, initial sync and its runs, catalog, credentials): standalone,
/// <c>Admin__ApiKey</c> in the <c>x-admin-key</c> header or, for the status page in a browser, the cookie its sign-in form
/// sets; compared in constant time. Under the Functions host those routes are <c>authLevel: function</c> and only the host
/// can reach the app (it listens on the loopback port the host chose), so the host's function key is the check.
/// </summary>
public static class AdminKey
{
    public const string Header = "x-admin-key";
    public const string Cookie = "fisikal-admin";

    public static bool IsAuthorized(HttpRequest request, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(configuration);
        if (!string.IsNullOrEmpty(configuration[Hosting.FunctionsServiceCollectionExtensions.CustomHandlerPortVariable]))
        {
            return true;
        }

        var expected = configuration["Admin:ApiKey"];
        if (string.IsNullOrEmpty(expected))
        {
            // No key configured: only a caller on this machine.
            var remote = request.HttpContext.Connection.RemoteIpAddress;
            return remote is null || System.Net.IPAddress.IsLoopback(remote);
        }

        return request.Headers[Header].ToString() is { Length: > 0 } header
            ? Matches(header, expected)
            : request.Cookies[Cookie] is { Length: > 0 } cookie && Matches(cookie, CookieValue(expected));
    }

    /// <summary>What the status page's cookie holds: derived from the key, so the key itself never sits in a browser.</summary>
    public static string CookieValue(string key) =>
        Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), "fisikal-status-page"u8));

    public static bool Matches(string presented, string expected) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(expected));

    public static IResult Unauthorized() => Results.Problem(statusCode: 401, title: "Unauthorized", detail: "A valid x-admin-key is required.");
}
