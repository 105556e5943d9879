using Azure;
using Fisikal.Sync.Core.Storage.Tables;
using Fisikal.Sync.Core.Sync;

namespace Fisikal.Sync.Core.Auth;

/// <summary>
/// Member-token nonces and ivs already used (table <c>MemberTokenNonces</c>, ours): a token is accepted once. An insert
/// that meets an existing row (409) is a replay, whichever instance saw the first use. Rows past their token's expiry
/// are pruned now and then.
/// </summary>
public sealed class MemberTokenNonceLedger(SyncStorage storage, TimeProvider time)
{
    private long _nextPruneTicks;

    /// <summary>True the first time a nonce and an iv are seen; false for any repeat of either.</summary>
    public async Task<bool> TryUseAsync(MemberToken token, DateTimeOffset expiresAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(token);
        await PruneNowAndThenAsync(cancellationToken).ConfigureAwait(false);
        var table = storage.Table(TableNames.MemberTokenNonces);
        foreach (var (partition, key) in new[] { ("nonce", token.Nonce), ("iv", token.Iv) })
        {
            if (!TableKeys.IsValidKey(key))
            {
                return false;
            }

            try
            {
                await table.AddEntityAsync(new TableEntity(partition, key) { ["ExpiresAt"] = expiresAt }, cancellationToken).ConfigureAwait(false);
            }
            catch (RequestFailedException ex) when (ex.Status == 409)
            {
                return false;
            }
        }

        return true;
    }

    private async Task PruneNowAndThenAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var next = Interlocked.Read(ref _nextPruneTicks);
        if (now.UtcTicks < next || Interlocked.CompareExchange(ref _nextPruneTicks, now.AddMinutes(10).UtcTicks, next) != next)
        {
            return;
        }

        var table = storage.Table(TableNames.MemberTokenNonces);
        var old = new List<TableEntity>();
        await foreach (var row in table.QueryAsync($"ExpiresAt lt datetime'{now.UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffZ}'", select: ["RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            old.Add(row);
        }

        foreach (var row in old)
        {
            // A row another instance pruned first answers 404, which is fine.
            await table.DeleteEntityAsync(row.PartitionKey, row.RowKey, ETag.All, cancellationToken).ConfigureAwait(false);
        }
    }
}
