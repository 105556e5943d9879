namespace Fisikal.Sync.Simulators.PerfectGymNext;

/// <summary>A studio visit (<c>CustomerCheckin</c>).</summary>
public sealed record SimulatedCheckin(long CheckinId, long CustomerId, DateTimeOffset CheckInDateTime, DateTimeOffset? CheckOutDateTime, long StudioId, string StudioName);
