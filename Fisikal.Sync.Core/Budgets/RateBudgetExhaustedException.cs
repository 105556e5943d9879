using System.Net;
using Fisikal.Sync.Core.Sources;

namespace Fisikal.Sync.Core.Budgets;

/// <summary>A call that may not wait for the rate budget found none left; <see cref="RetryAfter"/> says when there will be.</summary>
public sealed class RateBudgetExhaustedException(string integration, string endpoint, TimeSpan retryAfter)
    : SourceException(integration, HttpStatusCode.TooManyRequests, $"Integration '{integration}': the budget for {endpoint} calls a person waits on is spent for now; try again in {Math.Ceiling(retryAfter.TotalSeconds)} s.")
{
    public TimeSpan RetryAfter { get; } = retryAfter;
}
