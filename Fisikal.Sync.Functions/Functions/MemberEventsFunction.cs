using Fisikal.Sync.Core.Sync;
using Fisikal.Sync.Core.Sync.Webhooks;
using Fisikal.Sync.Functions.Hosting;

namespace Fisikal.Sync.Functions.Functions;

/// <summary>Queue trigger on <c>sync-member-events</c>: one PerfectGym Next webhook event acted on.</summary>
public sealed class MemberEventsFunction(MemberEventsHandler handler) : IQueueFunction
{
    public string Name => "MemberEvents";

    public string QueueName => QueueNames.MemberEvents;

    public Task RunAsync(string messageText, long dequeueCount, CancellationToken cancellationToken) => handler.HandleAsync(messageText, cancellationToken);
}
