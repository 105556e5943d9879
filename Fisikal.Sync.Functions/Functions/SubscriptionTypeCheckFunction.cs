using Fisikal.Sync.Functions.Schedules;
using Fisikal.Sync.Core.Integrations;
using Fisikal.Sync.Core.Sync;
using Fisikal.Sync.Functions.Hosting;

namespace Fisikal.Sync.Functions.Functions;

/// <summary>Timer, Gladstone integrations with subscription type groups: the daily check of their SubTypeIDs against the packages.</summary>
public sealed class SubscriptionTypeCheckFunction(SubscriptionTypeCheck check) : IScheduledFunction
{
    public string Name => "SubscriptionTypeCheck";

    public string? ScheduleFor(IntegrationOptions integration) =>
        integration.Kind == IntegrationKind.Gladstone && integration.SubscriptionTypeGroupIds.Count > 0 ? integration.SubscriptionTypeCheckSchedule : null;

    public Task RunAsync(IntegrationOptions integration, CancellationToken cancellationToken) => check.RunAsync(integration, cancellationToken);
}
