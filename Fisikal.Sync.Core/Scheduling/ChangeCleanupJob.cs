using Fisikal.Sync.Core.Scheduling;
using Fisikal.Sync.Core.Integrations;
using Fisikal.Sync.Core.Sources.Gladstone;
using Fisikal.Sync.Core.Sync.InitialSync;

namespace Fisikal.Sync.Core.Scheduling;

/// <summary>
/// Timer, Gladstone integrations: once a day at a quiet hour, CleanupMemberChanges deletes the change records committed
/// by this integration's system and by each initial sync's own system name (whose acknowledgements, if one failed when its
/// page was recorded, are made first): Gladstone says "call infrequently... it could cause database blocking".
/// </summary>
public sealed class ChangeCleanupJob(GladstoneClientFactory clients, RosterAcknowledgements acknowledgements) : IScheduledJob
{
    public string Name => "ChangeCleanup";

    public string? ScheduleFor(IntegrationOptions integration) =>
        integration.Kind == IntegrationKind.Gladstone ? integration.ChangeCleanupSchedule : null;

    public async Task RunAsync(IntegrationOptions integration, CancellationToken cancellationToken)
    {
        var initialSystems = (await acknowledgements.AcknowledgePendingAsync(integration, cancellationToken).ConfigureAwait(false))
            .Select(a => GladstoneSource.ParseAcknowledgement(a).SystemName);
        var client = clients.Get(integration);
        foreach (var systemName in initialSystems.Prepend(integration.SystemName).Distinct(StringComparer.Ordinal))
        {
            await client.CleanupMemberChangesAsync(systemName, cancellationToken).ConfigureAwait(false);
        }
    }
}
