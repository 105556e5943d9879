namespace Fisikal.Sync.Core.Sources;

/// <summary>Reads one member's purchases (contracts, add-ons, subscriptions) from a source.</summary>
public interface IPurchaseSource
{
    Task<PurchaseRead> ReadPurchasesAsync(string memberId, CancellationToken cancellationToken = default);

    /// <summary>The rate-budget endpoints one member's read spends (a sweep sizes its batch from the tightest).</summary>
    IReadOnlyList<string> PurchaseEndpoints { get; }
}
