using Fisikal.Sync.Functions.Schedules;
using Fisikal.Sync.Core.Integrations;
using Fisikal.Sync.Core.Sync.Packages;
using Fisikal.Sync.Functions.Hosting;

namespace Fisikal.Sync.Functions.Functions;

/// <summary>Timer: the next batch of the rotating sweep that re-checks every client's packages.</summary>
public sealed class PackageSweepFunction(PackageSweep sweep) : IScheduledFunction
{
    public string Name => "PackageSweep";

    public string ScheduleFor(IntegrationOptions integration) => integration.PackageSweepSchedule;

    public Task RunAsync(IntegrationOptions integration, CancellationToken cancellationToken) => sweep.RunAsync(integration, cancellationToken);
}
