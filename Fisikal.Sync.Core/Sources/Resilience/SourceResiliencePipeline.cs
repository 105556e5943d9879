using System.Net;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace Fisikal.Sync.Core.Sources.Resilience;

/// <summary>
/// The resilience of one source integration, in two parts so the rate budget can sit between them: <see cref="Retry"/>
/// (429 waits for Retry-After, or for the rate window to reset; 5xx, timeouts and transport errors back off exponentially
/// with jitter; all bounded) around each attempt, and <see cref="Attempt"/>, a circuit breaker and a per-attempt timeout
/// around the request alone. 401/403 and other 4xx are never retried.
/// </summary>
public sealed record SourceResiliencePipeline(ResiliencePipeline<HttpResponseMessage> Retry, ResiliencePipeline<HttpResponseMessage> Attempt)
{
    public static SourceResiliencePipeline Build(ResilienceOptions options, TimeSpan rateWindow, TimeProvider time, Action<string>? onEvent = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var retry = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time };
        if (options.MaxRetries > 0)
        {
            // Polly needs at least one retry; MaxRetries 0 means no retry strategy at all.
            retry.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                ShouldHandle = args => new ValueTask<bool>(IsTransient(args.Outcome) || args.Outcome.Result?.StatusCode == HttpStatusCode.TooManyRequests),
                MaxRetryAttempts = options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.BaseBackoff,
                MaxDelay = options.MaxBackoff,
                DelayGenerator = args => new ValueTask<TimeSpan?>(
                    args.Outcome.Result?.StatusCode == HttpStatusCode.TooManyRequests
                        ? WaitAfter429(args.Outcome.Result, options, rateWindow, time.GetUtcNow())
                        : null),
                OnRetry = args =>
                {
                    onEvent?.Invoke($"retry {args.AttemptNumber + 1} in {args.RetryDelay.TotalSeconds:0.0}s after {Describe(args.Outcome)}");
                    return ValueTask.CompletedTask;
                },
            });
        }

        var attempt = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time }
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions<HttpResponseMessage>
            {
                ShouldHandle = args => new ValueTask<bool>(IsTransient(args.Outcome)),
                FailureRatio = options.BreakerFailureRatio,
                MinimumThroughput = options.BreakerMinimumThroughput,
                SamplingDuration = options.BreakerSamplingDuration,
                BreakDuration = options.BreakDuration,
                OnOpened = args =>
                {
                    onEvent?.Invoke($"circuit opened for {args.BreakDuration.TotalSeconds:0}s after {Describe(args.Outcome)}");
                    return ValueTask.CompletedTask;
                },
            })
            .AddTimeout(options.AttemptTimeout)
            .Build();
        return new SourceResiliencePipeline(retry.Build(), attempt);
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
        // PerfectGym refuses the rest of the window after its limit: wait for Retry-After, or the next window.
        var wait = RetryAfter.From(response.Headers.RetryAfter, now)
                   ?? TimeSpan.FromMilliseconds(rateWindow.TotalMilliseconds - (now.ToUnixTimeMilliseconds() % (long)rateWindow.TotalMilliseconds));
        return wait > options.MaxRetryAfter ? options.MaxRetryAfter : wait;
    }

    private static string Describe(Outcome<HttpResponseMessage> outcome) =>
        outcome.Exception is { } ex ? ex.GetType().Name : $"{(int)outcome.Result!.StatusCode} {outcome.Result.StatusCode}";
}
