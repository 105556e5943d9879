using Azure.Data.Tables;
using Fisikal.Sync.Core.Storage;

namespace Fisikal.Sync.Core.Sync.Webhooks;

/// <summary>
/// Members whose webhook event could not be queued (<c>SyncCheckpoints</c>, <c>backlog:{memberId}</c>): PerfectGym Next
/// never sends a failed delivery again, so the event is kept here instead, and the next client-sync occurrence queues a
/// re-sync of each such member before anything else. A member is listed once however many of their events failed.
/// </summary>
public sealed class MemberEventBacklog(SyncStorage storage, TimeProvider time)
{
    private const string Prefix = "backlog:";

    public Task AddAsync(string integration, string memberId, string eventType, CancellationToken cancellationToken = default) =>
        Checkpoints.UpsertEntityAsync(
            new TableEntity(integration, Prefix + memberId) { ["MemberId"] = memberId, ["EventType"] = eventType, ["ListedAt"] = time.GetUtcNow() },
            TableUpdateMode.Replace,
            cancellationToken);

    /// <summary>Queues a re-sync of every listed member, each taken off the list once its message is queued. Returns how many.</summary>
    public async Task<int> DrainAsync(string integration, CancellationToken cancellationToken = default)
    {
        var filter = $"PartitionKey eq {TableKeys.Quote(integration)} and RowKey ge {TableKeys.Quote(Prefix)} and RowKey lt {TableKeys.Quote(Prefix[..^1] + ";")}";
        var drained = 0;
        await foreach (var row in Checkpoints.QueryColumnsAsync(filter, ["MemberId"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            var memberId = row.GetString("MemberId") ?? row.RowKey[Prefix.Length..];
            var message = new MemberEventMessage(integration, Guid.NewGuid().ToString("N"), MemberEventsHandler.Resync, 0, time.GetUtcNow(), memberId);
            await storage.EnqueueAsync(QueueNames.MemberEvents, message, cancellationToken).ConfigureAwait(false);
            await Checkpoints.DeleteEntityAsync(integration, row.RowKey, Azure.ETag.All, cancellationToken).ConfigureAwait(false);
            drained++;
        }

        return drained;
    }

    private TableClient Checkpoints => storage.Table(TableNames.SyncCheckpoints);
}
