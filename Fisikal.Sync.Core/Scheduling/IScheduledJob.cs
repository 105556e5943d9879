using Fisikal.Sync.Core.Integrations;

namespace Fisikal.Sync.Core.Scheduling;

/// <summary>A function run on each integration's own schedule.</summary>
public interface IScheduledJob
{
    string Name { get; }

    /// <summary>The six-field NCrontab expression for this integration; null when the function does not apply to it.</summary>
    string? ScheduleFor(IntegrationOptions integration);

    Task RunAsync(IntegrationOptions integration, CancellationToken cancellationToken);
}
