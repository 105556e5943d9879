using Fisikal.Sync.Core.Storage;
using Fisikal.Sync.Core.Sync;
using Fisikal.Sync.Core.Sync.InitialSync;
using Fisikal.Sync.Functions.Middleware;
using Microsoft.Azure.Functions.Worker;

namespace Fisikal.Sync.Functions.Sync;

/// <summary>Queue trigger on <c>sync-member-pages</c>: one page of members into <c>Clients</c>.</summary>
public sealed class MemberPagesFunction(MemberPageHandler handler, QueueFunctionRunner runner)
{
    [Function(nameof(MemberPages))]
    public Task MemberPages(
        [QueueTrigger(QueueNames.MemberPages)] string message, long dequeueCount, DateTimeOffset insertionTime, CancellationToken cancellationToken) =>
        runner.RunAsync(nameof(MemberPages), QueueNames.MemberPages, message, dequeueCount, insertionTime, () => handler.HandleAsync(message, dequeueCount, cancellationToken));
}
