using Fisikal.Sync.Core.Integrations;
using Fisikal.Sync.Core.Sync.Access;
using Fisikal.Sync.Functions.Hosting;

namespace Fisikal.Sync.Functions.Functions;

/// <summary>Timer: the ongoing access sync (clients booked around now, then the rotating check-in sweep).</summary>
public sealed class AccessSyncFunction(AccessSync sync) : IScheduledFunction
{
    public string Name => "AccessSync";

    public string ScheduleFor(IntegrationOptions integration) => integration.AccessSyncSchedule;

    public Task RunAsync(IntegrationOptions integration, CancellationToken cancellationToken) => sync.RunAsync(integration, cancellationToken);
}
