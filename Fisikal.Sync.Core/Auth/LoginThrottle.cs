using System.Security.Cryptography;
using System.Text;
using Azure;
using Fisikal.Sync.Core.Storage.Tables;
using Fisikal.Sync.Core.Sync;

namespace Fisikal.Sync.Core.Auth;

/// <summary>
/// Escalating lockout per user name, shared by every instance (table <c>LoginAttempts</c>, ours; the RowKey is a
/// SHA-256 of the lower-case user name, so the table holds no user names). After
/// <see cref="AuthOptions.FailuresBeforeLockout"/> failures in a row the name is locked for
/// <see cref="AuthOptions.FirstLockout"/>, doubling with each further failure up to <see cref="AuthOptions.MaxLockout"/>;
/// a success clears it. A source outage is not a failure.
/// </summary>
public sealed class LoginThrottle(AuthOptions options, SyncStorage storage, TimeProvider time)
{
    private const string Partition = "user";

    /// <summary>How long the name is still locked out, or null.</summary>
    public async Task<TimeSpan?> LockedForAsync(string userName, CancellationToken cancellationToken = default)
    {
        var row = await storage.Table(TableNames.LoginAttempts).GetEntityIfExistsAsync(Partition, Key(userName), ["LockedUntil"], cancellationToken).ConfigureAwait(false);
        var left = row?.GetDateTimeOffset("LockedUntil") - time.GetUtcNow();
        return left > TimeSpan.Zero ? left : null;
    }

    /// <summary>Counts a failure; returns the lockout it earned, if any.</summary>
    public async Task<TimeSpan?> RecordFailureAsync(string userName, CancellationToken cancellationToken = default)
    {
        var table = storage.Table(TableNames.LoginAttempts);
        var key = Key(userName);
        var failures = ((await table.GetEntityIfExistsAsync(Partition, key, ["Failures"], cancellationToken).ConfigureAwait(false))?.GetInt32("Failures") ?? 0) + 1;
        var over = failures - options.FailuresBeforeLockout;
        TimeSpan? lockout = over < 0
            ? null
            : TimeSpan.FromTicks(Math.Min(options.MaxLockout.Ticks, options.FirstLockout.Ticks * (1L << Math.Min(over, 20))));
        var now = time.GetUtcNow();
        await table.UpsertEntityAsync(
            new TableEntity(Partition, key) { ["Failures"] = failures, ["LastFailureAt"] = now, ["LockedUntil"] = now + (lockout ?? TimeSpan.Zero) },
            TableUpdateMode.Replace,
            cancellationToken).ConfigureAwait(false);
        return lockout;
    }

    public Task ResetAsync(string userName, CancellationToken cancellationToken = default) =>
        storage.Table(TableNames.LoginAttempts).DeleteEntityAsync(Partition, Key(userName), ETag.All, cancellationToken);

    private static string Key(string userName) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(userName.Trim().ToLowerInvariant())));
}
