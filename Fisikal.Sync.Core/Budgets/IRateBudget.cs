namespace Fisikal.Sync.Core.Budgets;

/// <summary>Requests an integration may send; each request waits for a token of its endpoint.</summary>
public interface IRateBudget
{
    /// <summary>Waits until a request to <paramref name="endpoint"/> may be sent, and takes its token.</summary>
    ValueTask AcquireAsync(string endpoint, CancellationToken cancellationToken = default);
}
