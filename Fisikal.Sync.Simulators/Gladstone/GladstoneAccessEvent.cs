namespace Fisikal.Sync.Simulators.Gladstone;

/// <summary>A door access at a site (the shape is not public; see the README's Gladstone section).</summary>
public sealed record GladstoneAccessEvent(long AccessId, string MemberId, string SiteId, DateTimeOffset AccessDateTime);
