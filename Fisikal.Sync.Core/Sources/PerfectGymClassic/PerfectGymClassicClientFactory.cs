using Fisikal.Sync.Core.Integrations;
using Fisikal.Sync.Core.Sources.Resilience;

namespace Fisikal.Sync.Core.Sources.PerfectGymClassic;

/// <summary>One <see cref="PerfectGymClassicClient"/> per integration, authenticated by the PGM API client's id and secret.</summary>
public sealed class PerfectGymClassicClientFactory(SourceHttpClients http) : SourceClientFactory<PerfectGymClassicClient>
{
    protected override PerfectGymClassicClient Create(IntegrationOptions integration, SourceUse use)
    {
        // The club's site root (https://club.perfectgym.com); the API is under /Api/.
        var api = new Uri(integration.BaseUrl!.AbsoluteUri.TrimEnd('/') + "/Api/");
        var interactive = http.Create(integration, SourceUse.Interactive, api);
        var sync = use == SourceUse.Interactive ? interactive : http.Create(integration, SourceUse.Background, api);
        return new PerfectGymClassicClient(sync, interactive, integration.Name);
    }
}
