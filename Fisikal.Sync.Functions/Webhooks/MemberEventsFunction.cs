using Fisikal.Sync.Core.Storage;
using Fisikal.Sync.Core.Sync;
using Fisikal.Sync.Core.Sync.Webhooks;
using Fisikal.Sync.Functions.Middleware;
using Microsoft.Azure.Functions.Worker;

namespace Fisikal.Sync.Functions.Webhooks;

/// <summary>Queue trigger on <c>sync-member-events</c>: one member's webhook event (or re-sync) acted on.</summary>
public sealed class MemberEventsFunction(MemberEventsHandler handler, QueueFunctionRunner runner)
{
    [Function(nameof(MemberEvents))]
    public Task MemberEvents(
        [QueueTrigger(QueueNames.MemberEvents)] string message, long dequeueCount, DateTimeOffset insertionTime, CancellationToken cancellationToken) =>
        runner.RunAsync(nameof(MemberEvents), QueueNames.MemberEvents, message, dequeueCount, insertionTime, () => handler.HandleAsync(message, cancellationToken));
}
