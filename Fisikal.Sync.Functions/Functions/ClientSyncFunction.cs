using Fisikal.Sync.Core.Integrations;
using Fisikal.Sync.Core.Sync.InitialSync;
using Fisikal.Sync.Functions.Hosting;

namespace Fisikal.Sync.Functions.Functions;

/// <summary>Timer: the ongoing client sync, a scan of every member through the same pages as an initial sync.</summary>
public sealed class ClientSyncFunction(InitialSyncService sync) : IScheduledFunction
{
    public string Name => "ClientSync";

    public string ScheduleFor(IntegrationOptions integration) => integration.ClientSyncSchedule;

    public Task RunAsync(IntegrationOptions integration, CancellationToken cancellationToken) =>
        sync.StartAsync(integration.Name, locationId: null, kind: "ClientSync", cancellationToken);
}
