using System.Collections.Concurrent;
using Fisikal.Sync.Core.Integrations;
using Fisikal.Sync.Core.Sources.Resilience;

namespace Fisikal.Sync.Core.Sources.Gladstone;

/// <summary>One <see cref="GladstoneClient"/> per integration; the AuthHeader travels in each SOAP envelope.</summary>
public sealed class GladstoneClientFactory(SourceHttpClients http)
{
    private readonly ConcurrentDictionary<string, Lazy<GladstoneClient>> _clients = new(StringComparer.Ordinal);

    public GladstoneClient Get(IntegrationOptions integration)
    {
        ArgumentNullException.ThrowIfNull(integration);
        return _clients.GetOrAdd(integration.Name, _ => new Lazy<GladstoneClient>(() => Create(integration))).Value;
    }

    private GladstoneClient Create(IntegrationOptions integration)
    {
        // Seed 001: "the trailing slash is important" — the .asmx names are relative to it.
        var root = new Uri(integration.BaseUrl!.AbsoluteUri.EndsWith('/') ? integration.BaseUrl.AbsoluteUri : integration.BaseUrl.AbsoluteUri + "/");
        var sync = http.Create(integration, "Gladstone", root, new GladstoneFaultStatusHandler());
        var interactive = http.CreateInteractive(root, new GladstoneFaultStatusHandler(), PerfectGymClassic.PerfectGymClassicClientFactory.CredentialCheckTimeout);
        return new GladstoneClient(sync, interactive, integration);
    }
}
