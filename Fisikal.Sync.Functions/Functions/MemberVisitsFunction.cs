using Fisikal.Sync.Core.Sync;
using Fisikal.Sync.Core.Sync.Access;
using Fisikal.Sync.Functions.Hosting;

namespace Fisikal.Sync.Functions.Functions;

/// <summary>Queue trigger on <c>sync-member-visits</c>: members' recent visits into <c>DoorAccess</c> and attendance.</summary>
public sealed class MemberVisitsFunction(MemberVisitsHandler handler) : IQueueFunction
{
    public string Name => "MemberVisits";

    public string QueueName => QueueNames.MemberVisits;

    public Task RunAsync(string messageText, long dequeueCount, CancellationToken cancellationToken) => handler.HandleAsync(messageText, cancellationToken);
}
