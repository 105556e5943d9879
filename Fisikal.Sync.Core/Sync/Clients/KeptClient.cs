namespace Fisikal.Sync.Core.Sync.Clients;

/// <summary>A client a page keeps: its id, home location, whether this page created it, and whether it created or changed it.</summary>
public sealed record KeptClient(string Id, string? HomeLocationId, bool Created, bool CreatedOrChanged);
