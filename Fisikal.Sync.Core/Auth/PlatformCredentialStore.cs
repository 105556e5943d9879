
using Azure.Data.Tables;
using Fisikal.Sync.Core.Storage;
using Fisikal.Sync.Core.Sync;

namespace Fisikal.Sync.Core.Auth;

/// <summary>
/// Platform credentials (DESIGN): table <c>Credentials</c>, PartitionKey <c>platform</c>, RowKey the user name in
/// lower case; <c>PasswordHash</c>, <c>ClientId</c>, <c>Integration</c>. Written by the platform or the admin route.
/// </summary>
public sealed class PlatformCredentialStore(SyncStorage storage)
{
    public const string Partition = "platform";

    public async Task<PlatformCredential?> GetAsync(string userName, CancellationToken cancellationToken = default)
    {
        if (!TryKey(userName, out var key))
        {
            return null;
        }

        var row = await storage.Table(TableNames.Credentials).GetEntityOrNullAsync(Partition, key, ["PasswordHash", "ClientId", "Integration"], cancellationToken).ConfigureAwait(false);
        return row is null ? null : new PlatformCredential(row.GetString("PasswordHash"), row.GetString("ClientId"), row.GetString("Integration"));
    }

    public async Task SetAsync(string userName, string passwordHash, string clientId, string integration, CancellationToken cancellationToken = default)
    {
        if (!TryKey(userName, out var key))
        {
            throw new ArgumentException("A user name is 1-200 characters without '/', '\\', '#', '?' or control characters.", nameof(userName));
        }

        await storage.Table(TableNames.Credentials).UpsertEntityAsync(
            new TableEntity(Partition, key) { ["PasswordHash"] = passwordHash, ["ClientId"] = clientId, ["Integration"] = integration },
            TableUpdateMode.Replace,
            cancellationToken).ConfigureAwait(false);
    }

    private static bool TryKey(string userName, out string key)
    {
        key = userName.Trim().ToLowerInvariant();
        return key.Length is > 0 and <= 200 && TableKeys.IsValidKey(key);
    }
}
