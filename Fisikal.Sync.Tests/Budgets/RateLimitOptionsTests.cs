using Fisikal.Sync.Core.Budgets;

namespace Fisikal.Sync.Tests.Budgets;

public sealed class RateLimitOptionsTests
{
    // Seed 004: 30 a minute by day, 200 a minute from 21:00 to 03:00 UTC; here contracts also have their own day limit.
    private static readonly RateLimitOptions Seed004 = new()
    {
        RequestsPerMinute = 30,
        Endpoints = new Dictionary<string, int> { ["getCustomersContracts"] = 40 },
        Windows = [new RateLimitWindow { From = new TimeOnly(21, 0), To = new TimeOnly(3, 0), RequestsPerMinute = 200 }],
    };

    [Theory]
    [InlineData("getCustomers", "12:00", 30)]
    [InlineData("getCustomers", "20:59", 30)]
    [InlineData("getCustomers", "21:00", 200)]
    [InlineData("getCustomers", "23:59", 200)]
    [InlineData("getCustomers", "00:00", 200)]
    [InlineData("getCustomers", "02:59", 200)]
    [InlineData("getCustomers", "03:00", 30)]
    [InlineData("getCustomersContracts", "12:00", 40)]
    [InlineData("getCustomersContracts", "22:00", 200)]
    public void The_limit_follows_time_of_day_then_endpoint_then_default(string endpoint, string utcTime, int expected)
    {
        var at = new DateTimeOffset(new DateOnly(2026, 11, 22), TimeOnly.Parse(utcTime, System.Globalization.CultureInfo.InvariantCulture), TimeSpan.Zero);
        Assert.Equal(expected, Seed004.LimitFor(endpoint, at));
    }

    [Theory]
    [InlineData(1000, 0, 8)]
    [InlineData(200, 0, 1)]
    [InlineData(30, 0, 1)]
    [InlineData(10_000, 0, 50)]
    [InlineData(1000, 7, 7)]
    [InlineData(5, 7, 5)]
    public void Lease_chunks_scale_with_the_limit(int limit, int configured, int expected) =>
        Assert.Equal(expected, new RateLimitOptions { LeaseChunk = configured }.ChunkFor(limit));

    [Fact]
    public void Bad_limits_are_refused_naming_the_setting()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => new RateLimitOptions { RequestsPerMinute = 0 }.Validate("Integrations__club__"));
        Assert.Contains("Integrations__club__RateLimit", ex.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => new RateLimitOptions { Window = TimeSpan.FromMilliseconds(500) }.Validate("x"));
    }

    [Fact]
    public void A_sweep_takes_half_of_its_tightest_endpoints_limit_unless_its_batch_is_configured()
    {
        var limits = new RateLimitOptions { RequestsPerMinute = 1000, Endpoints = new Dictionary<string, int> { ["MemberProducts"] = 120 } };
        var now = DateTimeOffset.Parse("2026-11-22T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal(60, Fisikal.Sync.Core.Sync.ClientSweep.BatchSize(0, limits, ["Contracts", "MemberProducts"], now));
        Assert.Equal(500, Fisikal.Sync.Core.Sync.ClientSweep.BatchSize(0, limits, ["getCustomersContracts"], now));
        Assert.Equal(25, Fisikal.Sync.Core.Sync.ClientSweep.BatchSize(25, limits, ["Contracts", "MemberProducts"], now));
    }
}
