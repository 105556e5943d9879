using System.Collections.Concurrent;
using Fisikal.Sync.Core.Integrations;

namespace Fisikal.Sync.Core.Sources;

/// <summary>One source client per integration, built on first use and kept (its handler chain holds the integration's budget and breaker).</summary>
public abstract class SourceClientFactory<TClient>
{
    private readonly ConcurrentDictionary<string, Lazy<TClient>> _clients = new(StringComparer.Ordinal);

    public TClient Get(IntegrationOptions integration)
    {
        ArgumentNullException.ThrowIfNull(integration);
        return _clients.GetOrAdd(integration.Name, _ => new Lazy<TClient>(() => Create(integration))).Value;
    }

    protected abstract TClient Create(IntegrationOptions integration);
}
