using Fisikal.Sync.Core.Budgets;

namespace Fisikal.Sync.Core.Sources.Resilience;

/// <summary>
/// Takes a budget token of the request's endpoint before each attempt: between the retries and the attempt's timeout and
/// breaker in the background client, so waiting for a token is neither; in the interactive client it never waits.
/// </summary>
public sealed class RateBudgetHandler(IRateBudget budget) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        await budget.AcquireAsync(SourceEndpoint.Of(request), cancellationToken).ConfigureAwait(false);
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }
}
