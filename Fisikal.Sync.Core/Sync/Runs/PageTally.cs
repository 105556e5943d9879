namespace Fisikal.Sync.Core.Sync.Runs;

/// <summary>What one page of a run did.</summary>
public sealed record PageTally(int MembersSeen, int ClientsWritten, int SkippedInactive, int Errors, string? NextCursor);
