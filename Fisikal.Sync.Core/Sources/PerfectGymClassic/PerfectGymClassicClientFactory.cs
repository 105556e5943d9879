using System.Collections.Concurrent;
using Fisikal.Sync.Core.Integrations;
using Fisikal.Sync.Core.Sources.Resilience;

namespace Fisikal.Sync.Core.Sources.PerfectGymClassic;

/// <summary>One <see cref="PerfectGymClassicClient"/> per integration, authenticated by the PGM API client's id and secret.</summary>
public sealed class PerfectGymClassicClientFactory(SourceHttpClients http)
{
    /// <summary>How long a login waits for PGM's credential check before answering 503.</summary>
    public static readonly TimeSpan CredentialCheckTimeout = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<string, Lazy<PerfectGymClassicClient>> _clients = new(StringComparer.Ordinal);

    public PerfectGymClassicClient Get(IntegrationOptions integration)
    {
        ArgumentNullException.ThrowIfNull(integration);
        return _clients.GetOrAdd(integration.Name, _ => new Lazy<PerfectGymClassicClient>(() => Create(integration))).Value;
    }

    private PerfectGymClassicClient Create(IntegrationOptions integration)
    {
        // The club's site root (https://club.perfectgym.com); the API is under /Api/.
        var api = new Uri(integration.BaseUrl!.AbsoluteUri.TrimEnd('/') + "/Api/");
        var sync = http.Create(integration, "PerfectGymClassic", api, new PerfectGymClassicCredentialsHandler(integration.ClientId!, integration.ClientSecret!));
        var interactive = http.CreateInteractive(api, new PerfectGymClassicCredentialsHandler(integration.ClientId!, integration.ClientSecret!), CredentialCheckTimeout);
        return new PerfectGymClassicClient(sync, interactive, integration.Name);
    }
}
