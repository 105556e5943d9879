using System.Collections.Concurrent;
using Fisikal.Sync.Core.Integrations;
using Fisikal.Sync.Core.Sources.Resilience;

namespace Fisikal.Sync.Core.Sources.PerfectGymNext;

/// <summary>One <see cref="PerfectGymNextClient"/> per integration, authenticated by the studio's x-api-key.</summary>
public sealed class PerfectGymNextClientFactory(SourceHttpClients http)
{
    private readonly ConcurrentDictionary<string, Lazy<PerfectGymNextClient>> _clients = new(StringComparer.Ordinal);

    public PerfectGymNextClient Get(IntegrationOptions integration)
    {
        ArgumentNullException.ThrowIfNull(integration);
        return _clients.GetOrAdd(integration.Name, _ => new Lazy<PerfectGymNextClient>(() => Create(integration))).Value;
    }

    private PerfectGymNextClient Create(IntegrationOptions integration)
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
