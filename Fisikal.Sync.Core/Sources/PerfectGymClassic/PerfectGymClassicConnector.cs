using Fisikal.Sync.Core.Integrations;

namespace Fisikal.Sync.Core.Sources.PerfectGymClassic;

/// <summary>PerfectGym classic (PGM OData): one source for members, purchases, the catalog, the change feed and credentials.</summary>
public sealed class PerfectGymClassicConnector(PerfectGymClassicClientFactory clients, TimeProvider time) : ChangeFeedConnector<PerfectGymClassicSource>
{
    public override IntegrationKind Kind => IntegrationKind.PerfectGymClassic;

    protected override PerfectGymClassicSource Source(IntegrationOptions integration, SourceUse use) => new(clients.Get(integration, use), time);
}
