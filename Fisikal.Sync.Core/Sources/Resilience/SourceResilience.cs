using System.Net;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace Fisikal.Sync.Core.Sources.Resilience;

/// <summary>
/// What a source's requests do when they fail, as Microsoft.Extensions.Http.Resilience strategies, in two parts so the
/// rate budget can sit between them (<see cref="SourceHttpServiceCollectionExtensions"/>): <see cref="AddRetries"/> (a
/// total timeout, then retries: 429 waits for Retry-After, or for the rate window to reset; 5xx, timeouts and transport
/// errors back off exponentially with jitter) around each attempt, and <see cref="AddAttempt"/> (a circuit breaker and
/// the attempt's own timeout) around the request alone. 401/403 and other 4xx are never retried, and 429 never opens
/// the breaker: being throttled is the budget's business, not a failing source. A call that meets an open circuit
/// waits for the break to end and tries again (one of its retries): failing at once would spend the queue's five
/// deliveries within seconds, so every message of a short outage would end poisoned while the breaker was open.
/// </summary>
public static class SourceResilience
{
    public static void AddRetries(ResiliencePipelineBuilder<HttpResponseMessage> pipeline, ResilienceOptions options, TimeSpan rateWindow, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        ArgumentNullException.ThrowIfNull(options);
        pipeline.AddTimeout(new HttpTimeoutStrategyOptions { Name = "total", Timeout = options.TotalTimeout });
        if (options.MaxRetries == 0)
        {
            // Polly needs at least one retry: MaxRetries 0 means no retry strategy at all.
            return;
        }

        pipeline.AddRetry(new HttpRetryStrategyOptions
        {
            ShouldHandle = args => ValueTask.FromResult(
                IsTransient(args.Outcome) || args.Outcome.Exception is BrokenCircuitException || args.Outcome.Result?.StatusCode == HttpStatusCode.TooManyRequests),
            MaxRetryAttempts = options.MaxRetries,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = options.BaseBackoff,
            MaxDelay = options.MaxBackoff,
            DelayGenerator = args => ValueTask.FromResult(args.Outcome switch
            {
                { Result.StatusCode: HttpStatusCode.TooManyRequests } => WaitAfter429(args.Outcome.Result, options, rateWindow, time.GetUtcNow()),

                // Open: wait until the breaker lets a probe through. Half-open (another call is the probe): the usual backoff.
                { Exception: BrokenCircuitException { RetryAfter: { } breakLeft } } => breakLeft,
                _ => (TimeSpan?)null,
            }),
        });
    }

    public static void AddAttempt(ResiliencePipelineBuilder<HttpResponseMessage> pipeline, ResilienceOptions options)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        ArgumentNullException.ThrowIfNull(options);
        pipeline
            .AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
            {
                ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome)),
                FailureRatio = options.BreakerFailureRatio,
                MinimumThroughput = options.BreakerMinimumThroughput,
                SamplingDuration = options.BreakerSamplingDuration,
                BreakDuration = options.BreakDuration,
            })
            .AddTimeout(new HttpTimeoutStrategyOptions { Name = "attempt", Timeout = options.AttemptTimeout });
    }

    /// <summary>5xx, a timed-out attempt, or a transport failure: worth another try later.</summary>
    public static bool IsTransient(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: HttpRequestException or TimeoutRejectedException } => true,
        { Result: { } response } => (int)response.StatusCode >= 500,
        _ => false,
    };

    private static TimeSpan WaitAfter429(HttpResponseMessage response, ResilienceOptions options, TimeSpan rateWindow, DateTimeOffset now)
    {
        // "After exceeding the limit, every request for the next minute will be denied" (the Open API's general information,
        // which names no header): without a Retry-After, a whole window from this 429; any sooner meets another.
        var wait = RetryAfter.From(response.Headers.RetryAfter, now) ?? rateWindow;
        return wait > options.MaxRetryAfter ? options.MaxRetryAfter : wait;
    }
}
