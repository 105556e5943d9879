using Fisikal.Sync.Core.Sync;
using Fisikal.Sync.Functions.Hosting;
using Fisikal.Sync.Functions.Hosting.Standalone;

namespace Fisikal.Sync.Functions.Functions;

/// <summary>Queue trigger on <c>sync-schedule-occurrences</c>: one due occurrence of an integration's schedule, run on its own.</summary>
public sealed class ScheduleOccurrencesFunction(ScheduleDispatcher dispatcher) : IQueueFunction
{
    public string Name => "ScheduleOccurrences";

    public string QueueName => QueueNames.ScheduleOccurrences;

    public Task RunAsync(string messageText, long dequeueCount, CancellationToken cancellationToken) => dispatcher.RunOccurrenceAsync(messageText, cancellationToken);
}
