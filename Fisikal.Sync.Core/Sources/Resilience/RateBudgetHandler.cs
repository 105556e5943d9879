using Fisikal.Sync.Core.Budgets;

namespace Fisikal.Sync.Core.Sources.Resilience;

/// <summary>Takes a budget token of the request's endpoint before sending it (for the one-attempt calls a person waits on).</summary>
public sealed class RateBudgetHandler(IRateBudget budget) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        await budget.AcquireAsync(SourceEndpoint.Of(request), cancellationToken).ConfigureAwait(false);
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }
}
