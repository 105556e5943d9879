using Fisikal.Sync.Core.Integrations;
using Fisikal.Sync.Core.Sources.PerfectGymNext;

namespace Fisikal.Sync.Core.Sources;

/// <summary>An integration's sources (its members, its members' purchases), by its kind.</summary>
public sealed class SourceFactory(PerfectGymNextClientFactory perfectGymNext, TimeProvider time)
{
    public IMemberSource Members(IntegrationOptions integration)
    {
        ArgumentNullException.ThrowIfNull(integration);
        return integration.Kind switch
        {
            IntegrationKind.PerfectGymNext => new PerfectGymNextMemberSource(perfectGymNext.Get(integration), integration.SliceSize),
            _ => throw new NotSupportedException($"{integration}: this source kind is not built yet."),
        };
    }

    public IVisitSource Visits(IntegrationOptions integration)
    {
        ArgumentNullException.ThrowIfNull(integration);
        return integration.Kind switch
        {
            IntegrationKind.PerfectGymNext => new PerfectGymNextVisitSource(perfectGymNext.Get(integration)),
            _ => throw new NotSupportedException($"{integration}: this source kind is not built yet."),
        };
    }

    public IPurchaseSource Purchases(IntegrationOptions integration)
    {
        ArgumentNullException.ThrowIfNull(integration);
        return integration.Kind switch
        {
            IntegrationKind.PerfectGymNext => new PerfectGymNextPurchaseSource(perfectGymNext.Get(integration), time),
            _ => throw new NotSupportedException($"{integration}: this source kind is not built yet."),
        };
    }
}
