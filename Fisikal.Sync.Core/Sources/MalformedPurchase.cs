namespace Fisikal.Sync.Core.Sources;

/// <summary>
/// A purchase the source sent that could not be read. The client-package rows it stands for (<see cref="RowKeys"/>:
/// its own, and its add-ons' where the source nests them) are left as they are; when even its id could not be read
/// (<see cref="RowKeys"/> null), no row of that member is expired on that read, since any of them could be its.
/// </summary>
public sealed record MalformedPurchase(MalformedRecord Record, IReadOnlyList<string>? RowKeys)
{
    /// <summary>A malformed purchase of one kind, keyed by the id the source gave it (none: null row keys).</summary>
    public static MalformedPurchase Of(string kind, MalformedRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return new(record, record.SourceId is { Length: > 0 } id ? [SourcePurchase.RowKeyOf(kind, id)] : null);
    }
}
