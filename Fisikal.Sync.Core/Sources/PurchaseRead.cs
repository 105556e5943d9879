namespace Fisikal.Sync.Core.Sources;

/// <summary>A member's purchases, or null <see cref="Purchases"/> when the member is gone at the source.</summary>
public sealed record PurchaseRead(IReadOnlyList<SourcePurchase>? Purchases, IReadOnlyList<MalformedRecord> Malformed);
