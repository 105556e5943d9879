namespace Fisikal.Sync.Core.Sync.Runs;

/// <summary>What started a run (stored by name in <c>SyncRuns.Kind</c>): the same pages either way.</summary>
public enum SyncRunKind
{
    /// <summary>Asked for (<c>POST .../initial-sync</c>): every member's packages are read, whatever the page wrote.</summary>
    Initial,

    /// <summary>The scheduled scan of a source without a change feed: only the clients it created or changed have their packages read.</summary>
    ClientSync,
}
