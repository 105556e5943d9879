using Fisikal.Sync.Core.Integrations;

namespace Fisikal.Sync.Core.Sources;

/// <summary>
/// An integration's sources (its members, its members' purchases, visits, changes, catalog), from the
/// <see cref="ISourceConnector"/> of its kind; members and purchases also for a person waiting
/// (<see cref="SourceUse.Interactive"/>: one short try on a small budget share).
/// </summary>
public sealed class SourceFactory(IEnumerable<ISourceConnector> connectors)
{
    private readonly Dictionary<IntegrationKind, ISourceConnector> _connectors = connectors.ToDictionary(c => c.Kind);

    public IMemberSource Members(IntegrationOptions integration, SourceUse use = SourceUse.Background) => Connector(integration).Members(integration, use);

    public IPurchaseSource Purchases(IntegrationOptions integration, SourceUse use = SourceUse.Background) => Connector(integration).Purchases(integration, use);

    /// <summary>Per-member visits, for sources that read them one member at a time (PerfectGym Next).</summary>
    public IVisitSource Visits(IntegrationOptions integration) =>
        Connector(integration).Visits(integration) ?? throw new NotSupportedException($"{integration}: this source kind reads visits from its change feed, not per member.");

    /// <summary>The source's change feed, or null when it has none and the ongoing syncs scan instead (PerfectGym Next).</summary>
    public IChangeFeed? ChangeFeed(IntegrationOptions integration) => Connector(integration).ChangeFeed(integration);

    /// <summary>The source's credential check, or null when it has none (PerfectGym Next).</summary>
    public ICredentialVerifier? CredentialVerifier(IntegrationOptions integration) => Connector(integration).CredentialVerifier(integration);

    public ICatalogSource Catalog(IntegrationOptions integration) => Connector(integration).Catalog(integration);

    private ISourceConnector Connector(IntegrationOptions integration)
    {
        ArgumentNullException.ThrowIfNull(integration);
        return integration.Kind is { } kind && _connectors.TryGetValue(kind, out var connector)
            ? connector
            : throw new NotSupportedException($"{integration}: no connector for this source kind.");
    }
}
