namespace Fisikal.Sync.Core.Sources.PerfectGymNext;

/// <summary>The studio a key belongs to (<c>GET /v1/studios/information</c>).</summary>
public sealed record PerfectGymNextStudio(long StudioId, string? Name, string? CountryCode, string? Email);
