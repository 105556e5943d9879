using Fisikal.Sync.Core.Integrations;
using Fisikal.Sync.Core.Sync.Locations;

namespace Fisikal.Sync.Core.Sources.Gladstone;

/// <summary>Gladstone Plus 2 (SOAP): one source for members, subscriptions, the catalog, the change feed and member logins.</summary>
public sealed class GladstoneConnector(GladstoneClientFactory clients, LocationDirectory locations, TimeProvider time) : ISourceConnector
{
    public IntegrationKind Kind => IntegrationKind.Gladstone;

    public IMemberSource Members(IntegrationOptions integration, SourceUse use) => Source(integration, use);

    public IPurchaseSource Purchases(IntegrationOptions integration, SourceUse use) => Source(integration, use);

    public ICatalogSource Catalog(IntegrationOptions integration) => Source(integration, SourceUse.Background);

    public IVisitSource? Visits(IntegrationOptions integration) => null;

    public IChangeFeed ChangeFeed(IntegrationOptions integration) => Source(integration, SourceUse.Background);

    public ICredentialVerifier CredentialVerifier(IntegrationOptions integration) => Source(integration, SourceUse.Background);

    private GladstoneSource Source(IntegrationOptions integration, SourceUse use) =>
        new(clients.Get(integration ?? throw new ArgumentNullException(nameof(integration)), use), integration, locations, time);
}
