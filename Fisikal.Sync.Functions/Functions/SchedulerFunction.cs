using Fisikal.Sync.Functions.Schedules;
using Microsoft.Azure.Functions.Worker;

namespace Fisikal.Sync.Functions.Functions;

/// <summary>
/// The one timer (<c>%SchedulerSchedule%</c>, every minute): claims each integration's due schedule occurrences, once
/// across instances, and queues them on <c>sync-schedule-occurrences</c>, where each runs on its own.
/// </summary>
public sealed class SchedulerFunction(ScheduleDispatcher dispatcher)
{
    [Function("Scheduler")]
    public Task RunAsync([TimerTrigger("%SchedulerSchedule%")] TimerInfo timer, CancellationToken cancellationToken) =>
        dispatcher.RunDueAsync(cancellationToken);
}
