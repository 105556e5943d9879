using Fisikal.Sync.Core.Scheduling;
using Fisikal.Sync.Core.Integrations;
using Fisikal.Sync.Core.Sync.Packages;

namespace Fisikal.Sync.Core.Scheduling;

/// <summary>Timer: the next batch of the rotating sweep that re-checks every client's packages.</summary>
public sealed class PackageSweepJob(PackageSweep sweep) : IScheduledJob
{
    public string Name => "PackageSweep";

    public string ScheduleFor(IntegrationOptions integration) => integration.PackageSweepSchedule;

    public Task RunAsync(IntegrationOptions integration, CancellationToken cancellationToken) => sweep.RunAsync(integration, cancellationToken);
}
