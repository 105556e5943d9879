namespace Fisikal.Sync.Core.Sync.Runs;

public enum SyncRunStatus
{
    Queued,
    Running,
    Completed,
    Failed,
}
