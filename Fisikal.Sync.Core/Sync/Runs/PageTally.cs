namespace Fisikal.Sync.Core.Sync.Runs;

/// <summary>
/// What one page of a run did, the package chunks it queued, the member ids it saw and whether its read is a complete
/// roster (for the absence check).
/// </summary>
public sealed record PageTally(int MembersSeen, int ClientsWritten, int SkippedInactive, int Errors, string? NextCursor, int Chunks, IReadOnlyList<string> SeenIds, bool RosterComplete, string? Acknowledgement = null);
