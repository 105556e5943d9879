namespace Fisikal.Sync.Core.Sources.PerfectGymNext;

/// <summary>A studio visit (<c>CustomerCheckin</c>): the fields door access needs; the rest is ignored.</summary>
public sealed record PerfectGymNextCheckin
{
    public required long CheckinId { get; init; }

    /// <summary>ISO-8601 with an offset (<c>2023-12-03T10:15:30+01:00</c>); read as UTC.</summary>
    public required DateTimeOffset CheckInDateTime { get; init; }

    public long? StudioId { get; init; }
}
