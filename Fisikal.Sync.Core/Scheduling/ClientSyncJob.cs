using Fisikal.Sync.Core.Scheduling;
using Fisikal.Sync.Core.Integrations;
using Fisikal.Sync.Core.Sources;
using Fisikal.Sync.Core.Sync.Changes;
using Fisikal.Sync.Core.Sync.InitialSync;
using Fisikal.Sync.Core.Sync.Runs;
using Fisikal.Sync.Core.Sync.Webhooks;

namespace Fisikal.Sync.Core.Scheduling;

/// <summary>
/// Timer: the ongoing client sync. A source with a change feed (PerfectGym classic) reads what changed since its
/// cursors; any other is scanned, every member through the same pages as an initial sync (writing only what
/// changed), a scan not starting while another of the integration is under way (one stuck over an hour does not count).
/// Before either, the members whose webhook event could not be queued are queued for a re-sync.
/// </summary>
public sealed class ClientSyncJob(InitialSyncService sync, SyncRunStore runs, SourceFactory sources, ChangeFeedSync changes, MemberEventBacklog backlog) : IScheduledJob
{
    public string Name => "ClientSync";

    public string ScheduleFor(IntegrationOptions integration) => integration.ClientSyncSchedule;

    public async Task RunAsync(IntegrationOptions integration, CancellationToken cancellationToken)
    {
        // First the members whose webhook event could not be queued: PerfectGym will not send it again.
        await backlog.DrainAsync(integration.Name, cancellationToken).ConfigureAwait(false);
        if (sources.ChangeFeed(integration) is { } feed)
        {
            await changes.SyncClientsAsync(integration, feed, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (await runs.IsRunUnderWayAsync(integration.Name, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        await sync.StartAsync(integration.Name, locationId: null, SyncRunKind.ClientSync, cancellationToken).ConfigureAwait(false);
    }
}
