using Fisikal.Sync.Core.Auth;
using Fisikal.Sync.Core.Storage;
using Fisikal.Sync.Tests.Infrastructure;

namespace Fisikal.Sync.Tests.Auth;

/// <summary>The lockout's edges on a clock the test moves: escalation to the cap, reset on success, attempts in flight that expire.</summary>
public sealed class LoginThrottleTests
{
    private readonly ManualTimeProvider _clock = new(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task Each_failure_while_locked_out_doubles_the_lockout_up_to_MaxLockout()
    {
        var throttle = await ThrottleAsync(new AuthOptions { FailuresBeforeLockout = 3, FirstLockout = TimeSpan.FromMinutes(1), MaxLockout = TimeSpan.FromMinutes(5) });
        var name = AzuriteServer.UniqueName("user");
        Assert.Null(await FailAsync(throttle, name));
        Assert.Null(await FailAsync(throttle, name));

        var lockouts = new List<TimeSpan?>();
        for (var i = 0; i < 5; i++)
        {
            var lockout = await FailAsync(throttle, name);
            lockouts.Add(lockout);
            Assert.Equal(lockout, await throttle.BeginAsync(name)); // locked: the whole of it left
            _clock.Advance(lockout!.Value);
        }

        Assert.Equal([1, 2, 4, 5, 5], lockouts.Select(l => l!.Value.TotalMinutes));
    }

    [Fact]
    public async Task A_success_clears_the_failures_so_the_next_lockout_starts_from_the_first_again()
    {
        var throttle = await ThrottleAsync(new AuthOptions { FailuresBeforeLockout = 2, FirstLockout = TimeSpan.FromMinutes(1), MaxLockout = TimeSpan.FromHours(1) });
        var name = AzuriteServer.UniqueName("user");
        Assert.Null(await FailAsync(throttle, name));
        Assert.Equal(TimeSpan.FromMinutes(1), await FailAsync(throttle, name));
        _clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Null(await throttle.BeginAsync(name));

        await throttle.ResetAsync(name); // what a right password does

        Assert.Null(await FailAsync(throttle, name)); // one failure again is not a lockout
        Assert.Equal(TimeSpan.FromMinutes(1), await FailAsync(throttle, name)); // and the next is the first lockout, not a doubled one
    }

    [Fact]
    public async Task Attempts_in_flight_hold_their_places_until_they_expire_after_a_minute()
    {
        var throttle = await ThrottleAsync(new AuthOptions { FailuresBeforeLockout = 2 });
        var name = AzuriteServer.UniqueName("user");
        Assert.Null(await throttle.BeginAsync(name));
        Assert.Null(await throttle.BeginAsync(name));

        Assert.Equal(TimeSpan.FromSeconds(5), await throttle.BeginAsync(name)); // two in flight decide first
        _clock.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(TimeSpan.FromSeconds(5), await throttle.BeginAsync(name));
        _clock.Advance(TimeSpan.FromSeconds(2)); // their instance died: a minute on, their places are free

        Assert.Null(await throttle.BeginAsync(name));
    }

    private async Task<LoginThrottle> ThrottleAsync(AuthOptions options)
    {
        var storage = await AzuriteServer.StorageAsync();
        await storage.Table(TableNames.LoginAttempts).CreateIfNotExistsAsync();
        return new LoginThrottle(options, storage, _clock);
    }

    private static async Task<TimeSpan?> FailAsync(LoginThrottle throttle, string name)
    {
        Assert.Null(await throttle.BeginAsync(name));
        return await throttle.RecordFailureAsync(name);
    }
}
