using Fisikal.Sync.Core.Integrations;
using Fisikal.Sync.Core.Sources.Resilience;

namespace Fisikal.Sync.Core.Sources.Gladstone;

/// <summary>One <see cref="GladstoneClient"/> per integration; the AuthHeader travels in each SOAP envelope.</summary>
public sealed class GladstoneClientFactory(SourceHttpClients http) : SourceClientFactory<GladstoneClient>
{
    protected override GladstoneClient Create(IntegrationOptions integration, SourceUse use)
    {
        // Seed 001: "the trailing slash is important" — the .asmx names are relative to it.
        var root = new Uri(integration.BaseUrl!.AbsoluteUri.EndsWith('/') ? integration.BaseUrl.AbsoluteUri : integration.BaseUrl.AbsoluteUri + "/");
        var interactive = http.Create(integration, SourceUse.Interactive, root);
        var sync = use == SourceUse.Interactive ? interactive : http.Create(integration, SourceUse.Background, root);
        return new GladstoneClient(sync, interactive, integration);
    }
}
