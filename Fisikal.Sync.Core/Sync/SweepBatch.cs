using Fisikal.Sync.Core.Sync.Packages;

namespace Fisikal.Sync.Core.Sync;

/// <summary>
/// One batch of a rotating sweep, read but not yet taken: <see cref="ClientSweep.CommitAsync"/> moves the sweep past it
/// once its work is queued. <see cref="EndsCycle"/>: no client follows it, so the next batch starts from the beginning.
/// </summary>
public sealed record SweepBatch(string Integration, string Name, int Size, IReadOnlyList<MemberRef> Members, bool EndsCycle, DateTimeOffset CycleStartedAt, DateTimeOffset ReadAt);
