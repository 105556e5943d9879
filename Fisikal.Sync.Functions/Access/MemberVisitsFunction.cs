using Fisikal.Sync.Core.Storage;
using Fisikal.Sync.Core.Sync;
using Fisikal.Sync.Core.Sync.Access;
using Fisikal.Sync.Functions.Middleware;
using Microsoft.Azure.Functions.Worker;

namespace Fisikal.Sync.Functions.Access;

/// <summary>Queue trigger on <c>sync-member-visits</c>: a batch of members' check-ins into <c>DoorAccess</c>, bookings marked attended.</summary>
public sealed class MemberVisitsFunction(MemberVisitsHandler handler, QueueFunctionRunner runner)
{
    [Function(nameof(MemberVisits))]
    public Task MemberVisits(
        [QueueTrigger(QueueNames.MemberVisits)] string message, long dequeueCount, DateTimeOffset insertionTime, CancellationToken cancellationToken) =>
        runner.RunAsync(nameof(MemberVisits), QueueNames.MemberVisits, message, dequeueCount, insertionTime, () => handler.HandleAsync(message, cancellationToken));
}
