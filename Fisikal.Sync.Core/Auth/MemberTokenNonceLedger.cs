using Azure;
using Azure.Data.Tables;
using Fisikal.Sync.Core.Storage;
using Fisikal.Sync.Core.Sync;

namespace Fisikal.Sync.Core.Auth;

/// <summary>
/// Member-token nonces and ivs already used (table <c>MemberTokenNonces</c>, ours): a token is accepted once. An insert
/// that meets an existing row (409) is a replay, whichever instance saw the first use. Rows past their token's expiry
/// are pruned by the daily retention sweep.
/// </summary>
public sealed class MemberTokenNonceLedger(SyncStorage storage)
{
    /// <summary>True the first time a nonce and an iv are seen; false for any repeat of either.</summary>
    public async Task<bool> TryUseAsync(MemberToken token, DateTimeOffset expiresAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(token);
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
}
