namespace Fisikal.Sync.Core.Sync.Packages;

/// <summary>
/// A client whose packages to refresh, with the home location its packages default to. <see cref="New"/>:
/// the client row was created by the page that queued this, so it can have no packages yet and its
/// partition need not be read first.
/// </summary>
public sealed record MemberRef(string Id, string? HomeLocationId, bool New = false);
