using Fisikal.Sync.Core.Storage;
using Fisikal.Sync.Core.Sync;
using Fisikal.Sync.Core.Sync.Packages;
using Fisikal.Sync.Functions.Middleware;
using Microsoft.Azure.Functions.Worker;

namespace Fisikal.Sync.Functions.Sync;

/// <summary>Queue trigger on <c>sync-member-packages</c>: a batch of members' contracts into <c>ClientPackages</c>.</summary>
public sealed class MemberPackagesFunction(MemberPackagesHandler handler, QueueFunctionRunner runner)
{
    [Function(nameof(MemberPackages))]
    public Task MemberPackages(
        [QueueTrigger(QueueNames.MemberPackages)] string message, long dequeueCount, DateTimeOffset insertionTime, CancellationToken cancellationToken) =>
        runner.RunAsync(nameof(MemberPackages), QueueNames.MemberPackages, message, dequeueCount, insertionTime, () => handler.HandleAsync(message, dequeueCount, cancellationToken));
}
