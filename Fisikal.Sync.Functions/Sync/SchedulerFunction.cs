using Fisikal.Sync.Core.Scheduling;
using Microsoft.Azure.Functions.Worker;

namespace Fisikal.Sync.Functions.Sync;

/// <summary>
/// The one timer, every minute: claims each integration's due schedule occurrences, once across instances, and queues
/// them on <c>sync-schedule-occurrences</c>, where each runs on its own. Its schedule is written here, not named by a
/// setting: under the host a timer whose <c>%Setting%</c> is missing never runs, and nothing would sync at all (the host
/// emulator can run it faster for tests: <c>HostEmulator__TimerSchedule__Scheduler</c>).
/// </summary>
public sealed class SchedulerFunction(ScheduleDispatcher dispatcher)
{
    [Function(nameof(Scheduler))]
    public Task Scheduler([TimerTrigger("0 * * * * *")] TimerInfo timer, CancellationToken cancellationToken) =>
        dispatcher.RunDueAsync(cancellationToken);
}
