namespace Fisikal.Sync.Core.Sync.Runs;

/// <summary>What one chunk of package refreshes did.</summary>
public sealed record ChunkTally(int Members, int PackagesAssigned, int PackagesWritten, int Unmatched, int Errors);
