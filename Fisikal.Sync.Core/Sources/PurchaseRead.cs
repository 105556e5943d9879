namespace Fisikal.Sync.Core.Sources;

/// <summary>
/// A member's purchases as read, or null <see cref="Purchases"/> when the source says the member is gone; and those it
/// sent that could not be read (<see cref="Malformed"/>), whose rows a writer must leave as they are.
/// </summary>
public sealed record PurchaseRead(IReadOnlyList<SourcePurchase>? Purchases, IReadOnlyList<MalformedPurchase> Malformed)
{
    /// <summary>The source has no such member.</summary>
    public static PurchaseRead Gone { get; } = new(null, []);

    /// <summary>
    /// The rows no write may expire on this read: those of the malformed purchases; null when one's id could not be
    /// read, so that none may be expired.
    /// </summary>
    public IReadOnlySet<string>? Untouchable =>
        Malformed.Any(m => m.RowKeys is null) ? null : Malformed.SelectMany(m => m.RowKeys!).ToHashSet(StringComparer.Ordinal);
}
