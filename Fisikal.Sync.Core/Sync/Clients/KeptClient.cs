namespace Fisikal.Sync.Core.Sync.Clients;

/// <summary>A client a page keeps: its id, home location, and whether this page created or changed it.</summary>
public sealed record KeptClient(string Id, string? HomeLocationId, bool CreatedOrChanged);
