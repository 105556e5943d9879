using Fisikal.Sync.Functions.Schedules;
using Fisikal.Sync.Core.Integrations;
using Fisikal.Sync.Core.Sync.Retention;
using Fisikal.Sync.Functions.Hosting;

namespace Fisikal.Sync.Functions.Functions;

/// <summary>Timer: prunes what the sync records for itself past its keeping (daily, <c>RetentionSchedule</c>).</summary>
public sealed class RetentionFunction(RetentionSweep retention) : IScheduledFunction
{
    public string Name => "Retention";

    public string ScheduleFor(IntegrationOptions integration) => integration.RetentionSchedule;

    public Task RunAsync(IntegrationOptions integration, CancellationToken cancellationToken) => retention.RunAsync(integration.Name, cancellationToken);
}
