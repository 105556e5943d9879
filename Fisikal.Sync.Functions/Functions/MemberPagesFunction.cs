using Fisikal.Sync.Core.Sync;
using Fisikal.Sync.Core.Sync.InitialSync;
using Fisikal.Sync.Functions.Hosting;

namespace Fisikal.Sync.Functions.Functions;

/// <summary>Queue trigger on <c>sync-member-pages</c>: one page of members into <c>Clients</c>.</summary>
public sealed class MemberPagesFunction(MemberPageHandler handler) : IQueueFunction
{
    public string Name => "MemberPages";

    public string QueueName => QueueNames.MemberPages;

    public Task RunAsync(string messageText, long dequeueCount, CancellationToken cancellationToken) =>
        handler.HandleAsync(messageText, dequeueCount, cancellationToken);
}
