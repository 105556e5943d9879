using Fisikal.Sync.Core.Sync;
using Fisikal.Sync.Core.Sync.Packages;
using Fisikal.Sync.Functions.Hosting;

namespace Fisikal.Sync.Functions.Functions;

/// <summary>Queue trigger on <c>sync-member-packages</c>: a chunk of members' purchases into <c>ClientPackages</c>.</summary>
public sealed class MemberPackagesFunction(MemberPackagesHandler handler) : IQueueFunction
{
    public string Name => "MemberPackages";

    public string QueueName => QueueNames.MemberPackages;

    public Task RunAsync(string messageText, long dequeueCount, CancellationToken cancellationToken) =>
        handler.HandleAsync(messageText, dequeueCount, cancellationToken);
}
