using System.Net;
using Fisikal.Sync.Core.Integrations;
using Fisikal.Sync.Functions.Middleware;
using Fisikal.Sync.Functions.Auth;
using Fisikal.Sync.Functions.Operations;
using Fisikal.Sync.Functions.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Fisikal.Sync.Tests.Auth;

/// <summary>
/// Whose address the per-IP limits count and whether a request counts as https, through ASP.NET Core's own
/// forwarded-headers middleware as the app configures it; and a Gladstone setting check.
/// </summary>
public sealed class ClientAddressTests
{
    [Fact]
    public async Task The_host_on_loopback_is_believed_by_default_its_last_entry_and_its_scheme()
    {
        var context = await ThroughMiddlewareAsync(IPAddress.Loopback, new Dictionary<string, string?>());

        // The client wrote 198.51.100.7 itself; the proxy set what it saw, 203.0.113.9.
        Assert.Equal("203.0.113.9", LoginRateLimits.ClientAddress(context));
        Assert.True(context.Request.IsHttps);
    }

    [Fact]
    public async Task Without_configuration_no_other_address_is_believed()
    {
        var context = await ThroughMiddlewareAsync(IPAddress.Parse("192.0.2.44"), new Dictionary<string, string?>());

        Assert.Equal("192.0.2.44", LoginRateLimits.ClientAddress(context));
        Assert.False(context.Request.IsHttps);
    }

    [Fact]
    public async Task A_configured_proxy_is_believed_too()
    {
        var context = await ThroughMiddlewareAsync(IPAddress.Parse("10.1.2.3"), new Dictionary<string, string?> { ["ForwardedHeaders:KnownProxies:0"] = "10.1.2.3" });

        Assert.Equal("203.0.113.9", LoginRateLimits.ClientAddress(context));
    }

    [Fact]
    public async Task A_request_from_outside_the_configured_networks_keeps_its_own_address()
    {
        var context = await ThroughMiddlewareAsync(IPAddress.Parse("192.0.2.44"), new Dictionary<string, string?> { ["ForwardedHeaders:KnownNetworks:0"] = "10.0.0.0/8" });

        Assert.Equal("192.0.2.44", LoginRateLimits.ClientAddress(context));
    }

    [Fact]
    public void A_Gladstone_integration_without_its_AuthHeader_settings_is_refused_at_start_up()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new IntegrationRegistry([new IntegrationOptions { Name = "gp2", Kind = IntegrationKind.Gladstone, BaseUrl = new Uri("https://example.test/") }]));
        Assert.Contains("Integrations__gp2__Username", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://club.example.test/v1")]
    [InlineData("http://192.0.2.10/v1")]
    [InlineData("ftp://club.example.test/v1")]
    public void A_base_url_that_is_not_https_is_refused_at_start_up_naming_the_setting_not_the_value(string baseUrl)
    {
        var error = Assert.Throws<InvalidOperationException>(() => new IntegrationRegistry([new IntegrationOptions { Name = "club", Kind = IntegrationKind.PerfectGymNext, BaseUrl = new Uri(baseUrl), ApiKey = "k" }]));
        Assert.Contains("Integrations__club__BaseUrl", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(new Uri(baseUrl).Host, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://club.example.test/v1")]
    [InlineData("http://127.0.0.1:5000/v1")]
    [InlineData("http://localhost:5000/v1")]
    public void Https_or_a_loopback_host_is_accepted(string baseUrl) =>
        Assert.Single(new IntegrationRegistry([new IntegrationOptions { Name = "club", Kind = IntegrationKind.PerfectGymNext, BaseUrl = new Uri(baseUrl), ApiKey = "k" }]).All);

    private static async Task<HttpContext> ThroughMiddlewareAsync(IPAddress remote, Dictionary<string, string?> settings)
    {
        // As the worker does: the middleware, configured by the app.
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = remote;
        context.Request.Headers["X-Forwarded-For"] = "198.51.100.7, 203.0.113.9";
        context.Request.Headers["X-Forwarded-Proto"] = "https";
        var options = new ForwardedHeadersOptions();
        ForwardedHeadersSetup.Configure(options, configuration);
        await new ForwardedHeadersMiddleware(_ => Task.CompletedTask, NullLoggerFactory.Instance, Options.Create(options)).Invoke(context);
        return context;
    }
}
