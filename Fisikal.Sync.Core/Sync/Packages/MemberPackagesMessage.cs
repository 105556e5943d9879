namespace Fisikal.Sync.Core.Sync.Packages;

/// <summary>
/// "Refresh these members' packages": the body of a <c>sync-member-packages</c> message. Within a run it
/// names its page and its place among the page's chunks; from the sweep or a webhook it has no run.
/// </summary>
public sealed record MemberPackagesMessage(string Integration, string? RunId, string? PageKey, int ChunkIndex, int ChunkCount, IReadOnlyList<MemberRef> Members);
