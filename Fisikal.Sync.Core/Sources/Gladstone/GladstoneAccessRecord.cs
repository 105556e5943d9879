namespace Fisikal.Sync.Core.Sources.Gladstone;

/// <summary>A door access at a site.</summary>
public sealed record GladstoneAccessRecord(string AccessId, string MemberId, string SiteId, DateTimeOffset AccessedAt);
