using Fisikal.Sync.Core.Integrations;

namespace Fisikal.Sync.Core.Sources.PerfectGymNext;

/// <summary>PerfectGym Next (Magicline Open API): scanned in slices, visits per member, no change feed, no credential check.</summary>
public sealed class PerfectGymNextConnector(PerfectGymNextClientFactory clients, TimeProvider time) : ISourceConnector
{
    public IntegrationKind Kind => IntegrationKind.PerfectGymNext;

    public IMemberSource Members(IntegrationOptions integration, SourceUse use) => new PerfectGymNextMemberSource(Client(integration, use), integration.SliceSize);

    public IPurchaseSource Purchases(IntegrationOptions integration, SourceUse use) => new PerfectGymNextPurchaseSource(Client(integration, use), time);

    public ICatalogSource Catalog(IntegrationOptions integration) => new PerfectGymNextCatalog(Client(integration, SourceUse.Background));

    public IVisitSource Visits(IntegrationOptions integration) => new PerfectGymNextVisitSource(Client(integration, SourceUse.Background));

    public IChangeFeed? ChangeFeed(IntegrationOptions integration) => null;

    public ICredentialVerifier? CredentialVerifier(IntegrationOptions integration) => null;

    private PerfectGymNextClient Client(IntegrationOptions integration, SourceUse use) => clients.Get(integration ?? throw new ArgumentNullException(nameof(integration)), use);
}
