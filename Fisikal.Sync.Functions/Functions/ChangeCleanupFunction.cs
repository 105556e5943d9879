using Fisikal.Sync.Functions.Schedules;
using Fisikal.Sync.Core.Integrations;
using Fisikal.Sync.Core.Sources.Gladstone;
using Fisikal.Sync.Functions.Hosting;

namespace Fisikal.Sync.Functions.Functions;

/// <summary>
/// Timer, Gladstone integrations: once a day at a quiet hour, CleanupMemberChanges deletes the change records this
/// system has committed (Gladstone: "call infrequently... it could cause database blocking").
/// </summary>
public sealed class ChangeCleanupFunction(GladstoneClientFactory clients) : IScheduledFunction
{
    public string Name => "ChangeCleanup";

    public string? ScheduleFor(IntegrationOptions integration) =>
        integration.Kind == IntegrationKind.Gladstone ? integration.ChangeCleanupSchedule : null;

    public Task RunAsync(IntegrationOptions integration, CancellationToken cancellationToken) =>
        clients.Get(integration).CleanupMemberChangesAsync(integration.SystemName, cancellationToken);
}
