using Fisikal.Sync.Core.Integrations;
using Fisikal.Sync.Core.Sources.Resilience;

namespace Fisikal.Sync.Core.Sources.PerfectGymClassic;

/// <summary>One <see cref="PerfectGymClassicClient"/> per integration, authenticated by the PGM API client's id and secret.</summary>
public sealed class PerfectGymClassicClientFactory(SourceHttpClients http) : SourceClientFactory<PerfectGymClassicClient>
{
    protected override PerfectGymClassicClient Create(IntegrationOptions integration)
    {
        // The club's site root (https://club.perfectgym.com); the API is under /Api/.
        var api = new Uri(integration.BaseUrl!.AbsoluteUri.TrimEnd('/') + "/Api/");
        var sync = http.Create(integration, "PerfectGymClassic", api, new PerfectGymClassicCredentialsHandler(integration.ClientId!, integration.ClientSecret!));
        var interactive = http.CreateInteractive(api, new PerfectGymClassicCredentialsHandler(integration.ClientId!, integration.ClientSecret!));
        return new PerfectGymClassicClient(sync, interactive, integration.Name);
    }
}
