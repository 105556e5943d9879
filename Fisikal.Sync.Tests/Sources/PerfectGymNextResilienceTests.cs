using System.Net;
using Fisikal.Sync.Core.Budgets;
using Fisikal.Sync.Core.Sources.PerfectGymNext;
using Fisikal.Sync.Core.Sources.Resilience;
using Fisikal.Sync.Simulators.PerfectGymNext;
using Fisikal.Sync.Tests.Infrastructure;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace Fisikal.Sync.Tests.Sources;

/// <summary>The client's handler chain against the simulator's limits and faults, over real HTTP.</summary>
public sealed class PerfectGymNextResilienceTests : IAsyncLifetime
{
    private const string Contracts = "GET /v1/customers/{customerId}/contracts";
    private PerfectGymNextSimulator _club = null!;
    private long _customer;

    public async Task InitializeAsync()
    {
        _club = await PerfectGymNextSimulator.StartAsync(new PerfectGymNextSimulatorOptions { Customers = 10 });
        _customer = _club.Store.All()[0].Id;
    }

    public async Task DisposeAsync() => await _club.DisposeAsync();

    [Theory]
    [InlineData(RateLimitStyle.Published)]
    [InlineData(RateLimitStyle.RetryAfterUntilWindowEnds)]
    public async Task A_429_storm_is_waited_out_and_every_call_succeeds(RateLimitStyle style)
    {
        // The club allows 4 a window; the client, not told, tries for more and meets 429s. As published (no Retry-After, a
        // window's penalty from the excess) the client waits a whole window after each 429, and meets one per window.
        _club.RateLimiter.Style = style;
        _club.RateLimiter.LimitPerWindow = 4;
        _club.RateLimiter.Window = TimeSpan.FromSeconds(2);
        using var club = await ClubClient.CreateAsync(_club, rateLimit: new RateLimitOptions { Window = TimeSpan.FromSeconds(2) });

        for (var i = 0; i < 10; i++)
        {
            await club.Client.GetContractsAsync(_customer);
        }

        Assert.True(_club.RateLimiter.TotalRejected > 0, "the storm should have met 429s");
        Assert.Equal(10 + _club.RateLimiter.TotalRejected, _club.RequestCounts[Contracts]);
        Assert.True(_club.RateLimiter.TotalRejected <= 3, $"{_club.RateLimiter.TotalRejected} 429s for 10 calls at 4 a window: the client retried into the penalty");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(700)]
    [InlineData(1_450)]
    public async Task A_client_that_knows_the_limit_meets_no_429_whatever_the_clubs_window_phase(int phaseMs)
    {
        // The club counts in windows of its own phase; the client knows only the limit, not where the club's windows start.
        _club.RateLimiter.LimitPerWindow = 4;
        _club.RateLimiter.Window = TimeSpan.FromSeconds(2);
        _club.RateLimiter.Phase = TimeSpan.FromMilliseconds(phaseMs);
        using var club = await ClubClient.CreateAsync(_club, rateLimit: new RateLimitOptions { RequestsPerMinute = 4, Window = TimeSpan.FromSeconds(2) });

        await Task.WhenAll(Enumerable.Range(0, 3).Select(async _ =>
        {
            for (var i = 0; i < 3; i++)
            {
                await club.Client.GetContractsAsync(_customer);
            }
        }));

        Assert.Equal(0, _club.RateLimiter.TotalRejected);
        Assert.Equal(9, _club.RequestCounts[Contracts]);
        Assert.True(_club.RateLimiter.MaxInAnySlidingWindow(Contracts) <= 4, string.Join(",", _club.RateLimiter.Arrivals(Contracts).Select(t => (t - _club.RateLimiter.Arrivals(Contracts)[0]) / 10000)));
    }

    [Fact]
    public async Task Waiting_for_the_budget_is_neither_a_timed_out_attempt_nor_a_failure_for_the_breaker()
    {
        // Two requests a 2-second window, attempts time out after 1.5 s (a loaded CI machine can take 300 ms over a
        // loopback request: that is not what this shows), the breaker opens on half of two calls failing: the fifth
        // request waits a whole window, more than an attempt may take, for its token, and all of them succeed.
        _club.RateLimiter.LimitPerWindow = 0;
        using var club = await ClubClient.CreateAsync(
            _club,
            new ResilienceOptions { MaxRetries = 0, AttemptTimeout = TimeSpan.FromSeconds(1.5), BreakerMinimumThroughput = 2, BreakerFailureRatio = 0.5 },
            new RateLimitOptions { RequestsPerMinute = 2, Window = TimeSpan.FromSeconds(2) });
        var started = DateTimeOffset.UtcNow;

        for (var i = 0; i < 5; i++)
        {
            await club.Client.GetContractsAsync(_customer);
        }

        Assert.Equal(5, _club.RequestCounts[Contracts]);
        Assert.True(DateTimeOffset.UtcNow - started > TimeSpan.FromSeconds(3), "the budget made the later requests wait");
    }

    [Fact]
    public async Task A_503_burst_is_retried_with_backoff()
    {
        _club.BurstUnavailable(3);
        using var club = await ClubClient.CreateAsync(_club);

        var contracts = await club.Client.GetContractsAsync(_customer);

        Assert.NotNull(contracts);
        Assert.Equal(4, _club.RequestCounts[Contracts]);
    }

    [Fact]
    public async Task Server_errors_are_retried_a_bounded_number_of_times_then_surface()
    {
        _club.Faults.ServerErrorRate = 1;
        using var club = await ClubClient.CreateAsync(_club, new ResilienceOptions { MaxRetries = 3, BaseBackoff = TimeSpan.FromMilliseconds(5), BreakerMinimumThroughput = 100 });

        var ex = await Assert.ThrowsAsync<PerfectGymNextException>(() => club.Client.GetContractsAsync(_customer));

        Assert.Equal(HttpStatusCode.InternalServerError, ex.Status);
        Assert.False(ex.IsConfigurationError);
        Assert.Equal(4, _club.RequestCounts[Contracts]);
    }

    [Fact]
    public async Task The_circuit_opens_after_repeated_failures_and_stops_calling_the_club()
    {
        _club.Faults.UnavailableRate = 1;
        using var club = await ClubClient.CreateAsync(_club, new ResilienceOptions
        {
            MaxRetries = 0,
            BreakerMinimumThroughput = 4,
            BreakerFailureRatio = 0.5,
            BreakDuration = TimeSpan.FromMinutes(1),
        });

        for (var i = 0; i < 4; i++)
        {
            await Assert.ThrowsAsync<PerfectGymNextException>(() => club.Client.GetContractsAsync(_customer));
        }

        await Assert.ThrowsAsync<BrokenCircuitException>(() => club.Client.GetContractsAsync(_customer));
        await Assert.ThrowsAsync<BrokenCircuitException>(() => club.Client.GetContractsAsync(_customer));
        Assert.Equal(4, _club.RequestCounts[Contracts]);
    }

    [Fact]
    public async Task A_call_that_meets_an_open_circuit_waits_for_the_break_to_end_instead_of_failing()
    {
        // Four 503s open the circuit (for 1 s); the club then recovers.
        _club.Faults.UnavailableRate = 1;
        using var club = await ClubClient.CreateAsync(_club, new ResilienceOptions
        {
            MaxRetries = 3,
            BaseBackoff = TimeSpan.FromMilliseconds(5),
            BreakerMinimumThroughput = 4,
            BreakerFailureRatio = 0.5,
            BreakDuration = TimeSpan.FromSeconds(1),
        });
        await Assert.ThrowsAsync<PerfectGymNextException>(() => club.Client.GetContractsAsync(_customer));
        Assert.Equal(4, _club.RequestCounts[Contracts]);
        _club.Faults.UnavailableRate = 0;

        // Met by the open circuit, the call is not refused (a queue message would spend its deliveries in seconds):
        // it waits until the breaker lets one probe through, and that probe is its only request.
        var contracts = await club.Client.GetContractsAsync(_customer);

        Assert.NotNull(contracts);
        Assert.Equal(5, _club.RequestCounts[Contracts]);
    }

    [Fact]
    public async Task A_slow_answer_times_out_per_attempt_and_is_retried()
    {
        _club.Faults.Latency = TimeSpan.FromSeconds(3);
        // Attempts time out after 1 s: long enough for a loaded machine to deliver a loopback request, far short of the answer.
        using var club = await ClubClient.CreateAsync(_club, new ResilienceOptions { MaxRetries = 1, AttemptTimeout = TimeSpan.FromSeconds(1), BaseBackoff = TimeSpan.FromMilliseconds(5), BreakerMinimumThroughput = 100 });

        await Assert.ThrowsAsync<TimeoutRejectedException>(() => club.Client.GetContractsAsync(_customer));
        Assert.Equal(2, _club.RequestCounts[Contracts]);
    }

    [Fact]
    public async Task The_total_timeout_ends_a_call_whose_retries_would_go_on()
    {
        // Retries enough for minutes of backoff; the whole call may take 1 s.
        _club.Faults.ServerErrorRate = 1;
        using var club = await ClubClient.CreateAsync(_club, new ResilienceOptions
        {
            MaxRetries = 20,
            BaseBackoff = TimeSpan.FromMilliseconds(400),
            TotalTimeout = TimeSpan.FromSeconds(1),
            BreakerMinimumThroughput = 100,
        });

        var ex = await Assert.ThrowsAsync<TimeoutRejectedException>(() => club.Client.GetContractsAsync(_customer));

        Assert.Equal(TimeSpan.FromSeconds(1), ex.Timeout);
        Assert.InRange(_club.RequestCounts[Contracts], 1, 5);
    }

    [Fact]
    public async Task A_429_is_retried_after_the_Retry_After_the_club_sends_and_not_before()
    {
        // The club's windows are 4 s; the client believes in 60 s ones. Retry-After (1-4 s here) is what the client waits:
        // not less (its retry would meet the rest of the window), not the wait for its own window (up to a minute).
        _club.RateLimiter.Style = RateLimitStyle.RetryAfterUntilWindowEnds;
        _club.RateLimiter.LimitPerWindow = 1;
        _club.RateLimiter.Window = TimeSpan.FromSeconds(4);
        using var club = await ClubClient.CreateAsync(_club, new ResilienceOptions { MaxRetries = 2, BreakerMinimumThroughput = 100 });
        await club.Client.GetContractsAsync(_customer);

        await club.Client.GetContractsAsync(_customer);

        var denied = Assert.Single(_club.RateLimiter.Denials(Contracts)); // the retry waited long enough to be admitted
        var retried = _club.RateLimiter.Arrivals(Contracts)[^1];
        var windowEnd = (((denied - _club.RateLimiter.Phase.Ticks) / _club.RateLimiter.Window.Ticks) + 1) * _club.RateLimiter.Window.Ticks + _club.RateLimiter.Phase.Ticks;
        var retryAfter = TimeSpan.FromSeconds(Math.Max(1, Math.Ceiling(TimeSpan.FromTicks(windowEnd - denied).TotalSeconds))); // as the club sent it
        Assert.InRange(TimeSpan.FromTicks(retried - denied), retryAfter - TimeSpan.FromMilliseconds(20), TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Without_a_Retry_After_a_429_is_retried_a_whole_window_later_as_published()
    {
        // "After exceeding the limit, every request for the next minute will be denied": the retry waits the window out.
        _club.RateLimiter.Style = RateLimitStyle.Published;
        _club.RateLimiter.LimitPerWindow = 1;
        _club.RateLimiter.Window = TimeSpan.FromSeconds(3);
        using var club = await ClubClient.CreateAsync(_club, new ResilienceOptions { MaxRetries = 2, BreakerMinimumThroughput = 100 }, new RateLimitOptions { Window = TimeSpan.FromSeconds(3) });
        await club.Client.GetContractsAsync(_customer);

        await club.Client.GetContractsAsync(_customer);

        var denied = Assert.Single(_club.RateLimiter.Denials(Contracts));
        Assert.InRange(TimeSpan.FromTicks(_club.RateLimiter.Arrivals(Contracts)[^1] - denied), TimeSpan.FromSeconds(3) - TimeSpan.FromMilliseconds(20), TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task A_refused_key_is_never_retried_and_raises_one_notification()
    {
        using var club = await ClubClient.CreateAsync(_club, apiKey: "not-the-key-1f2e");

        await Assert.ThrowsAsync<PerfectGymNextException>(() => club.Client.GetContractsAsync(_customer));
        var ex = await Assert.ThrowsAsync<PerfectGymNextException>(() => club.Client.GetCustomersAsync(null));

        Assert.True(ex.IsConfigurationError);
        Assert.Equal(1, _club.RequestCounts[Contracts]);
        Assert.Equal(1, _club.RequestCounts["GET /v1/customers"]);
        var notification = Assert.Single(await club.NotificationsAsync());
        Assert.Equal("ConfigurationError", notification.GetString("Kind"));
        Assert.Contains(club.Integration, notification.GetString("Message"), StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-key-1f2e", notification.GetString("Message"), StringComparison.Ordinal);
    }
}
