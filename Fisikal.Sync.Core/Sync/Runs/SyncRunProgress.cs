using System.Text.Json.Serialization;

namespace Fisikal.Sync.Core.Sync.Runs;

/// <summary>A run and what it has done so far: the body of <c>GET .../sync-runs/{runId}</c>.</summary>
public sealed record SyncRunProgress
{
    public required string RunId { get; init; }

    public required string Integration { get; init; }

    /// <summary>Initial, or ClientSync (the scheduled scan).</summary>
    public string? Kind { get; init; }

    [JsonConverter(typeof(JsonStringEnumConverter<SyncRunStatus>))]
    public required SyncRunStatus Status { get; init; }

    public string? LocationId { get; init; }

    public DateTimeOffset? CreatedAt { get; init; }

    public DateTimeOffset? StartedAt { get; init; }

    public DateTimeOffset? CompletedAt { get; init; }

    public int PagesRead { get; init; }

    public int MembersSeen { get; init; }

    public int ClientsWritten { get; init; }

    /// <summary>Members first seen inactive, so not created.</summary>
    public int SkippedInactive { get; init; }

    /// <summary>Chunks of package refreshes queued by the pages so far, and how many are done.</summary>
    public int PackageChunks { get; init; }

    public int PackageChunksDone { get; init; }

    public int MembersWithPackagesChecked { get; init; }

    /// <summary>Client packages Active after this run's refreshes.</summary>
    public int PackagesAssigned { get; init; }

    /// <summary>Client package rows this run wrote (new or changed).</summary>
    public int PackagesWritten { get; init; }

    /// <summary>Clients made Inactive because a complete scan no longer saw them at the source.</summary>
    public int ClientsMadeInactive { get; init; }

    /// <summary>Purchases whose Alt ID has no platform package.</summary>
    public int Unmatched { get; init; }

    /// <summary>Records quarantined as malformed, and failed steps.</summary>
    public int Errors { get; init; }

    public string? Error { get; init; }
}
