using Fisikal.Sync.Core.Integrations;
using Fisikal.Sync.Core.Sources;
using Fisikal.Sync.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Fisikal.Sync.Tests.Sources;

/// <summary>One connector per kind of source, registered in Core, and what each offers (no request is made).</summary>
public sealed class SourceConnectorTests
{
    [Fact]
    public void Every_kind_has_exactly_one_connector()
    {
        using var services = Core();

        Assert.Equal(Enum.GetValues<IntegrationKind>().Order(), services.GetServices<ISourceConnector>().Select(c => c.Kind).Order());
    }

    [Theory]
    [InlineData("next", IntegrationKind.PerfectGymNext, true, false, false)]
    [InlineData("pgm", IntegrationKind.PerfectGymClassic, false, true, true)]
    [InlineData("gp2", IntegrationKind.Gladstone, false, true, true)]
    public void Each_kind_offers_what_its_source_has(string name, IntegrationKind kind, bool visitsPerMember, bool changeFeed, bool credentials)
    {
        using var services = Core();
        var sources = services.GetRequiredService<SourceFactory>();
        var integration = services.GetRequiredService<IntegrationRegistry>().Get(name);
        Assert.Equal(kind, integration.Kind);

        Assert.NotNull(sources.Members(integration));
        Assert.NotNull(sources.Members(integration, SourceUse.Interactive));
        Assert.NotNull(sources.Purchases(integration));
        Assert.NotNull(sources.Catalog(integration));
        Assert.Equal(changeFeed, sources.ChangeFeed(integration) is not null);
        Assert.Equal(credentials, sources.CredentialVerifier(integration) is not null);
        if (visitsPerMember)
        {
            Assert.NotNull(sources.Visits(integration));
        }
        else
        {
            Assert.Throws<NotSupportedException>(() => sources.Visits(integration));
        }
    }

    private static ServiceProvider Core() =>
        CoreServices.Registered(new Dictionary<string, string?>
        {
            ["Integrations:next:Kind"] = "PerfectGymNext",
            ["Integrations:next:BaseUrl"] = "http://127.0.0.1:9/v1/",
            ["Integrations:next:ApiKey"] = "k",
            ["Integrations:pgm:Kind"] = "PerfectGymClassic",
            ["Integrations:pgm:BaseUrl"] = "http://127.0.0.1:9/",
            ["Integrations:pgm:ClientId"] = "c",
            ["Integrations:pgm:ClientSecret"] = "s",
            ["Integrations:gp2:Kind"] = "Gladstone",
            ["Integrations:gp2:BaseUrl"] = "http://127.0.0.1:9/",
            ["Integrations:gp2:Username"] = "u",
            ["Integrations:gp2:Password"] = "p",
            ["Integrations:gp2:AppName"] = "a",
        });
}
