using Azure;
using Azure.Data.Tables;

namespace Fisikal.Sync.Core.Sync.Runs;

/// <summary>
/// A row of <c>SyncRuns</c>, typed: its kind, where it is, and the rules that follow from them. Only
/// <see cref="SyncRunStore"/> reads and writes the row; every change of status goes through <see cref="CanMoveTo"/>.
/// </summary>
public sealed record SyncRun(
    string Integration,
    string RunId,
    SyncRunKind Kind,
    SyncRunStatus Status,
    string? LocationId,
    DateTimeOffset? CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? CompletedAt,
    int ClientsMadeInactive,
    string? Error,
    ETag ETag)
{
    /// <summary>A run Queued or Running for longer than this no longer holds back the next scheduled scan (it is stuck).</summary>
    public static readonly TimeSpan StuckAfter = TimeSpan.FromHours(1);

    public bool IsFinished => Status is SyncRunStatus.Completed or SyncRunStatus.Failed;

    /// <summary>An initial sync reads every member's packages; a scheduled scan only those of the clients it created or changed.</summary>
    public bool RefreshesEveryPackage => Kind == SyncRunKind.Initial;

    /// <summary>Only a scan of every member (not one location's) can tell who is gone.</summary>
    public bool ScansEveryMember => LocationId is null;

    /// <summary>When its scan began: a client written after this was written by something else, which the scan can't have seen.</summary>
    public DateTimeOffset ScanStartedAt(DateTimeOffset now) => StartedAt ?? CreatedAt ?? now;

    /// <summary>The one-way moves: Queued → Running; Queued or Running → Completed or Failed.</summary>
    public bool CanMoveTo(SyncRunStatus next) => (Status, next) switch
    {
        (SyncRunStatus.Queued, SyncRunStatus.Running) => true,
        (SyncRunStatus.Queued or SyncRunStatus.Running, SyncRunStatus.Completed or SyncRunStatus.Failed) => true,
        _ => false,
    };

    internal static SyncRun Of(TableEntity row) => new(
        row.PartitionKey,
        row.RowKey,
        Parse(row.GetString("Kind"), SyncRunKind.Initial),
        Parse(row.GetString("Status"), SyncRunStatus.Queued),
        row.GetString("LocationId") is { Length: > 0 } location ? location : null,
        row.GetDateTimeOffset("CreatedAt"),
        row.GetDateTimeOffset("StartedAt"),
        row.GetDateTimeOffset("CompletedAt"),
        row.GetInt32("ClientsMadeInactive") ?? 0,
        row.GetString("Error"),
        row.ETag);

    private static T Parse<T>(string? text, T fallback)
        where T : struct, Enum =>
        Enum.TryParse<T>(text, ignoreCase: false, out var value) && Enum.IsDefined(value) ? value : fallback;
}
