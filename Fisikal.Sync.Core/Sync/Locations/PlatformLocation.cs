namespace Fisikal.Sync.Core.Sync.Locations;

/// <summary>A location as the platform configured it: its id, the source's club number for it, and its door.</summary>
public sealed record PlatformLocation(string Id, string ClubNumber, string? DoorId);
