namespace Fisikal.Sync.Core.Sources;

/// <summary>Reads a source's members a page at a time, from an opaque cursor (null: the start).</summary>
public interface IMemberSource
{
    Task<MemberPage> ReadMembersAsync(string? cursor, CancellationToken cancellationToken = default);
}
