namespace Fisikal.Sync.Core.Sync.Clients;

/// <summary>
/// What a page of members did to <c>Clients</c>: rows created, changed, left alone because nothing changed,
/// members not created (first seen inactive) or outside the location asked for, and the clients the page
/// keeps (each with its home location), created and changed ones marked.
/// </summary>
public sealed record ClientWriteResult(int Created, int Changed, int Unchanged, int SkippedInactive, int OutsideLocation, IReadOnlyList<KeptClient> Kept)
{
    public int Written => Created + Changed;
}
