using System.Net;
using Fisikal.Sync.Core.Integrations;
using Fisikal.Sync.Functions.Endpoints;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Fisikal.Sync.Tests.Auth;

/// <summary>Whose address the per-IP login limit counts, standalone and under the Functions host; and a Gladstone setting check.</summary>
public sealed class ClientAddressTests
{
    [Fact]
    public void Standalone_the_connection_counts_and_a_forwarded_header_is_not_trusted()
    {
        var context = Context(underHost: false);
        Assert.Equal("203.0.113.9", LoginRateLimits.ClientAddress(context));
    }

    [Fact]
    public void Under_the_host_the_first_forwarded_address_counts_since_every_request_comes_from_the_host()
    {
        var context = Context(underHost: true);
        Assert.Equal("198.51.100.7", LoginRateLimits.ClientAddress(context));
    }

    [Fact]
    public void A_Gladstone_integration_without_its_AuthHeader_settings_is_refused_at_start_up()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new IntegrationRegistry([new IntegrationOptions { Name = "gp2", Kind = IntegrationKind.Gladstone, BaseUrl = new Uri("https://example.test/") }]));
        Assert.Contains("Integrations__gp2__Username", error.Message, StringComparison.Ordinal);
    }

    private static DefaultHttpContext Context(bool underHost)
    {
        var settings = new Dictionary<string, string?>();
        if (underHost)
        {
            settings["FUNCTIONS_CUSTOMHANDLER_PORT"] = "5000";
        }

        var context = new DefaultHttpContext
        {
            RequestServices = new ServiceCollection().AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build()).BuildServiceProvider(),
        };
        context.Connection.RemoteIpAddress = underHost ? IPAddress.Loopback : IPAddress.Parse("203.0.113.9");
        context.Request.Headers["X-Forwarded-For"] = "198.51.100.7, 10.0.0.1";
        return context;
    }
}
