using System.Security.Cryptography;
using System.Text;

namespace Fisikal.Sync.Functions.Endpoints;

/// <summary>The admin key check (<c>Admin__ApiKey</c>, header <c>x-admin-key</c>, constant time).</summary>
public static class AdminKey
{
    public static bool IsAuthorized(HttpRequest request, IConfiguration configuration)
    {
        var expected = configuration["Admin:ApiKey"];
        if (string.IsNullOrEmpty(expected))
        {
            // No key configured: only a caller on this machine.
            var remote = request.HttpContext.Connection.RemoteIpAddress;
            return remote is null || System.Net.IPAddress.IsLoopback(remote);
        }

        var presented = request.Headers["x-admin-key"].ToString();
        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(expected));
    }
}
