using Fisikal.Sync.Core.Sync;
using Fisikal.Sync.Functions.Schedules;
using Fisikal.Sync.Functions.Hosting;
using Microsoft.Azure.Functions.Worker;

namespace Fisikal.Sync.Functions.Functions;

/// <summary>Queue trigger on <c>sync-schedule-occurrences</c>: one due occurrence of an integration's schedule, run on its own.</summary>
public sealed class ScheduleOccurrencesFunction(ScheduleDispatcher handler, QueueFunctionRunner runner)
{
    [Function("ScheduleOccurrences")]
    public Task RunAsync(
        [QueueTrigger(QueueNames.ScheduleOccurrences)] string message, long dequeueCount, DateTimeOffset insertionTime, CancellationToken cancellationToken) =>
        runner.RunAsync("ScheduleOccurrences", QueueNames.ScheduleOccurrences, message, dequeueCount, insertionTime, () => handler.RunOccurrenceAsync(message, cancellationToken));
}
