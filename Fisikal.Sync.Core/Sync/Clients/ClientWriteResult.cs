namespace Fisikal.Sync.Core.Sync.Clients;

/// <summary>What a page of members did to the <c>Clients</c> table.</summary>
public sealed record ClientWriteResult(int Written, int SkippedInactive, int OutsideLocation);
