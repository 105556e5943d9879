namespace Fisikal.Sync.Core.Sync.Packages;

/// <summary>What one client's purchases did: packages assigned (Active), rows written, and Alt IDs with no platform package.</summary>
public sealed record PackageWriteResult(int Assigned, int Written, IReadOnlyList<string> UnmatchedAltIds);
