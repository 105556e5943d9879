using Fisikal.Sync.Core.Integrations;
using Fisikal.Sync.Core.Sources.Resilience;

namespace Fisikal.Sync.Core.Sources.PerfectGymNext;

/// <summary>One <see cref="PerfectGymNextClient"/> per integration, authenticated by the studio's x-api-key.</summary>
public sealed class PerfectGymNextClientFactory(SourceHttpClients http) : SourceClientFactory<PerfectGymNextClient>
{
    protected override PerfectGymNextClient Create(IntegrationOptions integration)
    {
        var baseUrl = integration.BaseUrl!.AbsoluteUri;
        var client = http.Create(
            integration,
            "PerfectGymNext",
            new Uri(baseUrl.EndsWith('/') ? baseUrl : baseUrl + "/"),
            new PerfectGymNextApiKeyHandler(integration.ApiKey!));
        return new PerfectGymNextClient(client, integration.Name);
    }
}
