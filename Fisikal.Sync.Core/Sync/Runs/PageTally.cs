namespace Fisikal.Sync.Core.Sync.Runs;

/// <summary>What one page of a run did, the package chunks it queued, and the member ids it saw (for the absence check).</summary>
public sealed record PageTally(int MembersSeen, int ClientsWritten, int SkippedInactive, int Errors, string? NextCursor, int Chunks, IReadOnlyList<string> SeenIds);
