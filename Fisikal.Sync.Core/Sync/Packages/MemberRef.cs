namespace Fisikal.Sync.Core.Sync.Packages;

/// <summary>A client whose packages to refresh, with the home location its packages default to.</summary>
public sealed record MemberRef(string Id, string? HomeLocationId);
