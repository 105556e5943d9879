namespace Fisikal.Sync.Core.Sync.Runs;

/// <summary>
/// Where a run is (stored by name in <c>SyncRuns.Status</c>). It moves one way only: Queued → Running → Completed or
/// Failed, and Queued → Failed; a finished run never moves again (see <see cref="SyncRun.CanMoveTo"/>).
/// </summary>
public enum SyncRunStatus
{
    Queued,
    Running,
    Completed,
    Failed,
}
