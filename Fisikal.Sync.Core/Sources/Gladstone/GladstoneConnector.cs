using Fisikal.Sync.Core.Integrations;
using Fisikal.Sync.Core.Sync.Locations;

namespace Fisikal.Sync.Core.Sources.Gladstone;

/// <summary>Gladstone Plus 2 (SOAP): one source for members, subscriptions, the catalog, the change feed and member logins.</summary>
public sealed class GladstoneConnector(GladstoneClientFactory clients, LocationDirectory locations, TimeProvider time) : ChangeFeedConnector<GladstoneSource>
{
    public override IntegrationKind Kind => IntegrationKind.Gladstone;

    protected override GladstoneSource Source(IntegrationOptions integration, SourceUse use) => new(clients.Get(integration, use), integration, locations, time);
}
