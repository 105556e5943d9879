using System.Text.Json.Serialization;

namespace Fisikal.Sync.Core.Sync.Runs;

/// <summary>A run and what it has done so far: the body of <c>GET .../sync-runs/{runId}</c>.</summary>
public sealed record SyncRunProgress
{
    public required string RunId { get; init; }

    public required string Integration { get; init; }

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

    public int PackagesAssigned { get; init; }

    /// <summary>Purchases whose Alt ID has no platform package.</summary>
    public int Unmatched { get; init; }

    /// <summary>Records quarantined as malformed, and failed steps.</summary>
    public int Errors { get; init; }

    public string? Error { get; init; }
}
