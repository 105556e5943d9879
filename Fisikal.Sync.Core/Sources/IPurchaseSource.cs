namespace Fisikal.Sync.Core.Sources;

/// <summary>Reads one member's purchases (contracts, add-ons, subscriptions) from a source.</summary>
public interface IPurchaseSource
{
    Task<PurchaseRead> ReadPurchasesAsync(string memberId, CancellationToken cancellationToken = default);
}
