using Fisikal.Sync.Core.Storage;
using Fisikal.Sync.Core.Integrations;
using Fisikal.Sync.Core.Sources;

namespace Fisikal.Sync.Core.Sync.Packages;

/// <summary>
/// The rotating sweep that re-checks every client's packages (state: <c>sweep:packages</c>), a batch per
/// run, so each client's packages are re-checked within one cycle even if nothing told us they changed.
/// </summary>
public sealed class PackageSweep(ClientSweep sweep, SourceFactory sources, SyncStorage storage, UnmatchedPackageLedger unmatched, TimeProvider time)
{
    public const string Name = "packages";

    public static string RowKey => ClientSweep.RowKey(Name);

    /// <summary>Queues one batch; returns how many clients it queued.</summary>
    public async Task<int> RunAsync(IntegrationOptions integration, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(integration);
        var batch = ClientSweep.BatchSize(integration.PackageSweepBatch, integration.RateLimit, sources.Purchases(integration).PurchaseEndpoints, time.GetUtcNow());
        var next = await sweep.NextBatchAsync(integration.Name, Name, batch, cancellationToken).ConfigureAwait(false);
        foreach (var chunk in next.Members.Chunk(integration.PackageChunkSize))
        {
            var message = new MemberPackagesMessage(integration.Name, null, null, 0, 1, chunk);
            await storage.EnqueueAsync(QueueNames.MemberPackages, message, cancellationToken).ConfigureAwait(false);
        }

        await sweep.CommitAsync(next, cancellationToken).ConfigureAwait(false);
        if (next.EndsCycle)
        {
            // A whole cycle has been asked for: unmatched Alt IDs nobody holds any more stop being open notifications.
            await unmatched.CloseResolvedAsync(integration.Name, cancellationToken).ConfigureAwait(false);
        }

        return next.Members.Count;
    }

}
