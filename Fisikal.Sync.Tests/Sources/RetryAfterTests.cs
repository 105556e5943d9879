using System.Net.Http.Headers;
using Fisikal.Sync.Core.Sources.Resilience;

namespace Fisikal.Sync.Tests.Sources;

public sealed class RetryAfterTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Seconds_form() => Assert.Equal(TimeSpan.FromSeconds(17), RetryAfter.From(RetryConditionHeaderValue.Parse("17"), Now));

    [Fact]
    public void Http_date_form() =>
        Assert.Equal(TimeSpan.FromSeconds(42), RetryAfter.From(RetryConditionHeaderValue.Parse("Sun, 22 Nov 2026 10:00:42 GMT"), Now));

    [Fact]
    public void A_date_in_the_past_means_now() =>
        Assert.Equal(TimeSpan.Zero, RetryAfter.From(RetryConditionHeaderValue.Parse("Sun, 22 Nov 2026 09:59:00 GMT"), Now));

    [Fact]
    public void Absent_means_unknown() => Assert.Null(RetryAfter.From(null, Now));
}
