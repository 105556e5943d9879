namespace Fisikal.Sync.Core.Sources.PerfectGymNext;

/// <summary>A studio visit (<c>CustomerCheckin</c>).</summary>
public sealed record PerfectGymNextCheckin
{
    public required long CheckinId { get; init; }

    public DateTimeOffset? CheckInDateTime { get; init; }

    public DateTimeOffset? CheckOutDateTime { get; init; }

    public long? StudioId { get; init; }

    public string? StudioName { get; init; }
}
