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
        var key = new PerfectGymNextApiKeyHandler(integration.ApiKey!);
        return new PerfectGymNextClient(use == SourceUse.Interactive ? http.CreateInteractive(integration, root, key) : http.Create(integration, "PerfectGymNext", root, key), integration.Name);
    }
}
