using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace Fisikal.Sync.Functions.Hosting;

/// <summary>
/// Which proxies' <c>X-Forwarded-For</c> / <c>X-Forwarded-Proto</c> are believed: only those configured
/// (<c>ForwardedHeaders__KnownProxies__0..n</c> addresses, <c>ForwardedHeaders__KnownNetworks__0..n</c> CIDR ranges), none by
/// default (not even loopback, ASP.NET Core's own default; and with no proxy configured the middleware is not used at
/// all, since ASP.NET Core takes empty lists to mean any proxy). A trusted proxy's entry (the last one, which it appended)
/// becomes the client address the per-IP limits count, and its scheme decides whether the status cookie is Secure.
/// Under the Functions host, which proxies every request from loopback, set <c>ForwardedHeaders__KnownProxies__0=127.0.0.1</c>.
/// </summary>
public static class ForwardedHeadersSetup
{
    /// <summary>Whether any proxy is configured; only then do forwarded headers count.</summary>
    public static bool IsConfigured(IConfiguration configuration) =>
        configuration.GetSection("ForwardedHeaders:KnownProxies").GetChildren().Any()
        || configuration.GetSection("ForwardedHeaders:KnownNetworks").GetChildren().Any();

    public static void Configure(ForwardedHeadersOptions options, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(configuration);
        options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var (value, i) in configuration.GetSection("ForwardedHeaders:KnownProxies").GetChildren().Select((c, i) => (c.Value, i)))
        {
            options.KnownProxies.Add(IPAddress.TryParse(value, out var address)
                ? address
                : throw new InvalidOperationException($"ForwardedHeaders__KnownProxies__{i} is not an IP address."));
        }

        foreach (var (value, i) in configuration.GetSection("ForwardedHeaders:KnownNetworks").GetChildren().Select((c, i) => (c.Value, i)))
        {
            options.KnownIPNetworks.Add(System.Net.IPNetwork.TryParse(value, out var network)
                ? network
                : throw new InvalidOperationException($"ForwardedHeaders__KnownNetworks__{i} is not a CIDR range (e.g. 10.0.0.0/8)."));
        }
    }
}
