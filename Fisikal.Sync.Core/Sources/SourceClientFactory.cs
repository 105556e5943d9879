using System.Collections.Concurrent;
using Fisikal.Sync.Core.Integrations;

namespace Fisikal.Sync.Core.Sources;

/// <summary>
/// One source client per integration and use, built on first use and kept (its handler chain holds the integration's
/// budget and breaker): the background sync's, and the one for calls a person waits on.
/// </summary>
public abstract class SourceClientFactory<TClient>
{
    private readonly ConcurrentDictionary<(string, SourceUse), Lazy<TClient>> _clients = new();

    public TClient Get(IntegrationOptions integration, SourceUse use = SourceUse.Background)
    {
        ArgumentNullException.ThrowIfNull(integration);
        return _clients.GetOrAdd((integration.Name, use), _ => new Lazy<TClient>(() => Create(integration, use))).Value;
    }

    protected abstract TClient Create(IntegrationOptions integration, SourceUse use);
}
