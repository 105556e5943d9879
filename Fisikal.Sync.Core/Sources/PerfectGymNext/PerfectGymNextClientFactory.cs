using Fisikal.Sync.Core.Integrations;
using Fisikal.Sync.Core.Sources.Resilience;

namespace Fisikal.Sync.Core.Sources.PerfectGymNext;

/// <summary>One <see cref="PerfectGymNextClient"/> per integration, authenticated by the studio's x-api-key.</summary>
public sealed class PerfectGymNextClientFactory(SourceHttpClients http) : SourceClientFactory<PerfectGymNextClient>
{
    protected override PerfectGymNextClient Create(IntegrationOptions integration, SourceUse use)
    {
        var baseUrl = integration.BaseUrl!.AbsoluteUri;
        var root = new Uri(baseUrl.EndsWith('/') ? baseUrl : baseUrl + "/");
        return new PerfectGymNextClient(http.Create(integration, use, root), integration.Name);
    }
}
