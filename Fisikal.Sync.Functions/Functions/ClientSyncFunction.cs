using Fisikal.Sync.Core.Integrations;
using Fisikal.Sync.Core.Sync.InitialSync;
using Fisikal.Sync.Core.Sync.Runs;
using Fisikal.Sync.Functions.Hosting;

namespace Fisikal.Sync.Functions.Functions;

/// <summary>
/// Timer: the ongoing client sync, a scan of every member through the same pages as an initial sync
/// (writing only what changed). It does not start while another scan of the integration is under way
/// (one stuck for over an hour does not count).
/// </summary>
public sealed class ClientSyncFunction(InitialSyncService sync, SyncRunStore runs, TimeProvider time) : IScheduledFunction
{
    public string Name => "ClientSync";

    public string ScheduleFor(IntegrationOptions integration) => integration.ClientSyncSchedule;

    public async Task RunAsync(IntegrationOptions integration, CancellationToken cancellationToken)
    {
        if ((await runs.ActiveRunsAsync(integration.Name, time.GetUtcNow().AddHours(-1), cancellationToken).ConfigureAwait(false)).Count > 0)
        {
            return;
        }

        await sync.StartAsync(integration.Name, locationId: null, kind: "ClientSync", cancellationToken).ConfigureAwait(false);
    }
}
