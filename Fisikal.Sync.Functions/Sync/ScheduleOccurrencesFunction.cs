using Fisikal.Sync.Core.Storage;
using Fisikal.Sync.Core.Sync;
using Fisikal.Sync.Core.Scheduling;
using Fisikal.Sync.Functions.Middleware;
using Microsoft.Azure.Functions.Worker;

namespace Fisikal.Sync.Functions.Sync;

/// <summary>Queue trigger on <c>sync-schedule-occurrences</c>: one due occurrence of an integration's schedule, run on its own.</summary>
public sealed class ScheduleOccurrencesFunction(ScheduleDispatcher handler, QueueFunctionRunner runner)
{
    [Function(nameof(ScheduleOccurrences))]
    public Task ScheduleOccurrences(
        [QueueTrigger(QueueNames.ScheduleOccurrences)] string message, long dequeueCount, DateTimeOffset insertionTime, CancellationToken cancellationToken) =>
        runner.RunAsync(nameof(ScheduleOccurrences), QueueNames.ScheduleOccurrences, message, dequeueCount, insertionTime, () => handler.RunOccurrenceAsync(message, cancellationToken));
}
