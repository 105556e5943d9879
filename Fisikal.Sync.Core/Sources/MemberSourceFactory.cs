using Fisikal.Sync.Core.Integrations;
using Fisikal.Sync.Core.Sources.PerfectGymNext;

namespace Fisikal.Sync.Core.Sources;

/// <summary>The member source of an integration, by its kind.</summary>
public sealed class MemberSourceFactory(PerfectGymNextClientFactory perfectGymNext)
{
    public IMemberSource Create(IntegrationOptions integration)
    {
        ArgumentNullException.ThrowIfNull(integration);
        return integration.Kind switch
        {
            IntegrationKind.PerfectGymNext => new PerfectGymNextMemberSource(perfectGymNext.Get(integration), integration.SliceSize),
            _ => throw new NotSupportedException($"{integration}: this source kind is not built yet."),
        };
    }
}
