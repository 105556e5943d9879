using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace Fisikal.Sync.Functions.Hosting;

/// <summary>
/// Which proxies' <c>X-Forwarded-For</c> / <c>X-Forwarded-Proto</c> are believed. The worker's HTTP port is the Functions
/// host's alone (the host starts the worker and proxies every request to it from this machine), so the host on loopback
/// is always believed: it sets <c>X-Forwarded-For</c> to the address it was called from and <c>X-Forwarded-Proto</c> to the
/// scheme (YARP's default forwarders, as the host's <c>DefaultHttpProxyService</c> uses them), and that address becomes
/// the client address the per-client limits count, that scheme whether the status cookie is Secure. More proxies can be
/// added (<c>ForwardedHeaders__KnownProxies__0..n</c> addresses, <c>ForwardedHeaders__KnownNetworks__0..n</c> CIDR ranges).
/// Only the last entry counts (ASP.NET Core's <c>ForwardLimit</c> of 1): the one the host set.
/// </summary>
public static class ForwardedHeadersSetup
{
    public static void Configure(ForwardedHeadersOptions options, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(configuration);
        options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        options.KnownProxies.Add(IPAddress.Loopback);
        options.KnownProxies.Add(IPAddress.IPv6Loopback);
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
