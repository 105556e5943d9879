using Fisikal.Sync.Core.Scheduling;
using Fisikal.Sync.Core.Integrations;
using Fisikal.Sync.Core.Sync;

namespace Fisikal.Sync.Core.Scheduling;

/// <summary>Timer, Gladstone integrations with subscription type groups: the daily check of their SubTypeIDs against the packages.</summary>
public sealed class SubscriptionTypeCheckJob(SubscriptionTypeCheck check) : IScheduledJob
{
    public string Name => "SubscriptionTypeCheck";

    public string? ScheduleFor(IntegrationOptions integration) =>
        integration.Kind == IntegrationKind.Gladstone && integration.SubscriptionTypeGroupIds.Count > 0 ? integration.SubscriptionTypeCheckSchedule : null;

    public Task RunAsync(IntegrationOptions integration, CancellationToken cancellationToken) => check.RunAsync(integration, cancellationToken);
}
