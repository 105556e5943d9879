using Fisikal.Sync.Core.Integrations;
using Fisikal.Sync.Core.Sources.Gladstone;
using Fisikal.Sync.Core.Sources.PerfectGymClassic;
using Fisikal.Sync.Core.Sources.PerfectGymNext;
using Fisikal.Sync.Core.Sync.Locations;

namespace Fisikal.Sync.Core.Sources;

/// <summary>
/// An integration's sources (its members, its members' purchases, visits, changes, catalog), by its kind; members and
/// purchases also for a person waiting (<see cref="SourceUse.Interactive"/>: one short try on a small budget share).
/// </summary>
public sealed class SourceFactory(
    PerfectGymNextClientFactory perfectGymNext,
    PerfectGymClassicClientFactory perfectGymClassic,
    GladstoneClientFactory gladstone,
    LocationDirectory locations,
    TimeProvider time)
{
    public IMemberSource Members(IntegrationOptions integration, SourceUse use = SourceUse.Background) => Of(integration, use) switch
    {
        PerfectGymNextClient next => new PerfectGymNextMemberSource(next, integration.SliceSize),
        PerfectGymClassicSource classic => classic,
        GladstoneSource g => g,
        _ => throw NotBuilt(integration),
    };

    public IPurchaseSource Purchases(IntegrationOptions integration, SourceUse use = SourceUse.Background) => Of(integration, use) switch
    {
        PerfectGymNextClient next => new PerfectGymNextPurchaseSource(next, time),
        PerfectGymClassicSource classic => classic,
        GladstoneSource g => g,
        _ => throw NotBuilt(integration),
    };

    /// <summary>Per-member visits, for sources that read them one member at a time (PerfectGym Next).</summary>
    public IVisitSource Visits(IntegrationOptions integration) => Of(integration) switch
    {
        PerfectGymNextClient next => new PerfectGymNextVisitSource(next),
        _ => throw NotBuilt(integration),
    };

    /// <summary>The source's change feed, or null when it has none and the ongoing syncs scan instead (PerfectGym Next).</summary>
    public IChangeFeed? ChangeFeed(IntegrationOptions integration) => Of(integration) as IChangeFeed;

    /// <summary>The source's credential check, or null when it has none (PerfectGym Next).</summary>
    public ICredentialVerifier? CredentialVerifier(IntegrationOptions integration) => Of(integration) as ICredentialVerifier;

    public ICatalogSource Catalog(IntegrationOptions integration) => Of(integration) switch
    {
        PerfectGymNextClient next => new PerfectGymNextCatalog(next),
        PerfectGymClassicSource classic => classic,
        GladstoneSource g => g,
        _ => throw NotBuilt(integration),
    };

    private object Of(IntegrationOptions integration, SourceUse use = SourceUse.Background)
    {
        ArgumentNullException.ThrowIfNull(integration);
        return integration.Kind switch
        {
            IntegrationKind.PerfectGymNext => perfectGymNext.Get(integration, use),
            IntegrationKind.PerfectGymClassic => new PerfectGymClassicSource(perfectGymClassic.Get(integration, use), time),
            IntegrationKind.Gladstone => new GladstoneSource(gladstone.Get(integration, use), integration, locations, time),
            _ => new object(),
        };
    }

    private static NotSupportedException NotBuilt(IntegrationOptions integration) => new($"{integration}: this source kind does not offer that yet.");
}
