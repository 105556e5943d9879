using Fisikal.Sync.Core.Scheduling;
using Fisikal.Sync.Core.Integrations;
using Fisikal.Sync.Core.Sources;
using Fisikal.Sync.Core.Sync.Changes;
using Fisikal.Sync.Core.Sync.Access;

namespace Fisikal.Sync.Core.Scheduling;

/// <summary>
/// Timer: the ongoing access sync. A source with a change feed (PerfectGym classic) reads the visits since its
/// cursor; any other is read per client: those booked around now, then the rotating check-in sweep.
/// </summary>
public sealed class AccessSyncJob(AccessSync sync, SourceFactory sources, ChangeFeedSync changes) : IScheduledJob
{
    public string Name => "AccessSync";

    public string ScheduleFor(IntegrationOptions integration) => integration.AccessSyncSchedule;

    public Task RunAsync(IntegrationOptions integration, CancellationToken cancellationToken) =>
        sources.ChangeFeed(integration) is { } feed
            ? changes.SyncVisitsAsync(integration, feed, cancellationToken)
            : sync.RunAsync(integration, cancellationToken);
}
