using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using Fisikal.Sync.Core.Storage;
using Fisikal.Sync.Core.Sync;

namespace Fisikal.Sync.Core.Auth;

/// <summary>
/// Escalating lockout per user name, shared by every instance (table <c>LoginAttempts</c>, ours; the RowKey is a
/// SHA-256 of the lower-case user name, so the table holds no user names). An attempt is counted before its password is
/// checked: <see cref="BeginAsync"/> reserves it with an ETag-conditional write, and only while the failures so far and
/// the attempts in flight stay under <see cref="AuthOptions.FailuresBeforeLockout"/> (after a lockout, one attempt at a
/// time), so a parallel burst gets no more guesses than a patient caller. After that many failures in a row the name is
/// locked for <see cref="AuthOptions.FirstLockout"/>, doubling with each further failure up to
/// <see cref="AuthOptions.MaxLockout"/>; a success clears it. A source outage gives its reservation back.
/// </summary>
public sealed class LoginThrottle(AuthOptions options, SyncStorage storage, TimeProvider time)
{
    private const string Partition = "user";

    /// <summary>An attempt whose reservation is older than this (its instance died mid-check) no longer holds a place.</summary>
    private static readonly TimeSpan PendingExpiry = TimeSpan.FromMinutes(1);

    /// <summary>How long to wait while other attempts in flight decide whether the name gets locked.</summary>
    private static readonly TimeSpan InFlightWait = TimeSpan.FromSeconds(5);

    /// <summary>Reserves an attempt for the name: null when its password may be checked now, else how long it must wait.</summary>
    public Task<TimeSpan?> BeginAsync(string userName, CancellationToken cancellationToken = default) =>
        UpdateAsync(userName, (state, now) =>
        {
            if (state.LockedUntil > now)
            {
                return (null, state.LockedUntil - now);
            }

            var pending = state.PendingSince + PendingExpiry > now ? state.Pending : 0;
            var allowed = state.Failures + pending < options.FailuresBeforeLockout || (state.Failures >= options.FailuresBeforeLockout && pending == 0);
            return allowed ? (state with { Pending = pending + 1, PendingSince = now }, null) : (null, InFlightWait);
        }, cancellationToken);

    /// <summary>The reserved attempt failed: counts it; returns the lockout it earned, if any.</summary>
    public Task<TimeSpan?> RecordFailureAsync(string userName, CancellationToken cancellationToken = default) =>
        UpdateAsync(userName, (state, now) =>
        {
            var failures = state.Failures + 1;
            var over = failures - options.FailuresBeforeLockout;
            TimeSpan? lockout = over < 0
                ? null
                : TimeSpan.FromTicks(Math.Min(options.MaxLockout.Ticks, options.FirstLockout.Ticks * (1L << Math.Min(over, 20))));
            return (state with { Failures = failures, Pending = Math.Max(0, state.Pending - 1), LastFailureAt = now, LockedUntil = now + (lockout ?? TimeSpan.Zero) }, lockout);
        }, cancellationToken);

    /// <summary>The reserved attempt could not be decided (the source was down): its place is given back.</summary>
    public Task AbandonAsync(string userName, CancellationToken cancellationToken = default) =>
        UpdateAsync(userName, (state, _) => (state with { Pending = Math.Max(0, state.Pending - 1) }, null), cancellationToken);

    public Task ResetAsync(string userName, CancellationToken cancellationToken = default) =>
        storage.Table(TableNames.LoginAttempts).DeleteEntityAsync(Partition, Key(userName), ETag.All, cancellationToken);

    /// <summary>Read, decide, write under the row's ETag; another instance's write in between means read and decide again.</summary>
    private async Task<TimeSpan?> UpdateAsync(string userName, Func<AttemptState, DateTimeOffset, (AttemptState? Next, TimeSpan? Result)> decide, CancellationToken cancellationToken)
    {
        var table = storage.Table(TableNames.LoginAttempts);
        var key = Key(userName);
        while (true)
        {
            var row = await table.GetEntityOrNullAsync(Partition, key, cancellationToken: cancellationToken).ConfigureAwait(false);
            var now = time.GetUtcNow();
            var state = new AttemptState(
                row?.GetInt32("Failures") ?? 0,
                row?.GetInt32("Pending") ?? 0,
                row?.GetDateTimeOffset("PendingSince") ?? DateTimeOffset.MinValue,
                row?.GetDateTimeOffset("LastFailureAt") ?? DateTimeOffset.MinValue,
                row?.GetDateTimeOffset("LockedUntil") ?? DateTimeOffset.MinValue);
            var (next, result) = decide(state, now);
            if (next is null)
            {
                return result;
            }

            var entity = new TableEntity(Partition, key)
            {
                ["Failures"] = next.Failures,
                ["Pending"] = next.Pending,
                ["PendingSince"] = Stored(next.PendingSince, now),
                ["LastFailureAt"] = Stored(next.LastFailureAt, now),
                ["LockedUntil"] = Stored(next.LockedUntil, now),
            };
            try
            {
                if (row is null)
                {
                    await table.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await table.UpdateEntityAsync(entity, row.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                }

                return result;
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412)
            {
                // Another attempt on the same name wrote first.
            }
        }
    }

    /// <summary>Table Storage keeps dates from 1601 on: "never" is stored as the time of the write.</summary>
    private static DateTimeOffset Stored(DateTimeOffset value, DateTimeOffset now) => value == DateTimeOffset.MinValue ? now : value;

    private static string Key(string userName) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(userName.Trim().ToLowerInvariant())));

    private sealed record AttemptState(int Failures, int Pending, DateTimeOffset PendingSince, DateTimeOffset LastFailureAt, DateTimeOffset LockedUntil);
}
