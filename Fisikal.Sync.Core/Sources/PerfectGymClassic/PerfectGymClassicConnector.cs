using Fisikal.Sync.Core.Integrations;

namespace Fisikal.Sync.Core.Sources.PerfectGymClassic;

/// <summary>PerfectGym classic (PGM OData): one source for members, purchases, the catalog, the change feed and credentials.</summary>
public sealed class PerfectGymClassicConnector(PerfectGymClassicClientFactory clients, TimeProvider time) : ISourceConnector
{
    public IntegrationKind Kind => IntegrationKind.PerfectGymClassic;

    public IMemberSource Members(IntegrationOptions integration, SourceUse use) => Source(integration, use);

    public IPurchaseSource Purchases(IntegrationOptions integration, SourceUse use) => Source(integration, use);

    public ICatalogSource Catalog(IntegrationOptions integration) => Source(integration, SourceUse.Background);

    public IVisitSource? Visits(IntegrationOptions integration) => null;

    public IChangeFeed ChangeFeed(IntegrationOptions integration) => Source(integration, SourceUse.Background);

    public ICredentialVerifier CredentialVerifier(IntegrationOptions integration) => Source(integration, SourceUse.Background);

    private PerfectGymClassicSource Source(IntegrationOptions integration, SourceUse use) =>
        new(clients.Get(integration ?? throw new ArgumentNullException(nameof(integration)), use), time);
}
