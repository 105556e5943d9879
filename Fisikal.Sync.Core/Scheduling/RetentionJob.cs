using Fisikal.Sync.Core.Scheduling;
using Fisikal.Sync.Core.Integrations;
using Fisikal.Sync.Core.Sync.Retention;

namespace Fisikal.Sync.Core.Scheduling;

/// <summary>Timer: prunes what the sync records for itself past its keeping (daily, <c>RetentionSchedule</c>).</summary>
public sealed class RetentionJob(RetentionSweep retention) : IScheduledJob
{
    public string Name => "Retention";

    public string ScheduleFor(IntegrationOptions integration) => integration.RetentionSchedule;

    public Task RunAsync(IntegrationOptions integration, CancellationToken cancellationToken) => retention.RunAsync(integration.Name, cancellationToken);
}
