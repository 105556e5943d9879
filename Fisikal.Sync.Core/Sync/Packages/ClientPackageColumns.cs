namespace Fisikal.Sync.Core.Sync.Packages;

/// <summary>The <c>ClientPackages</c> columns other systems read (DESIGN.md), and ours.</summary>
public static class ClientPackageColumns
{
    public const string ClientId = "ClientId";
    public const string PackageAltId = "PackageAltId";
    public const string StartDate = "StartDate";
    public const string EndDate = "EndDate";
    public const string LocationId = "LocationId";
    public const string LocationTierAltId = "LocationTierAltId";
    public const string Status = "Status";

    // Ours.
    public const string ContentHash = "ContentHash";
    public const string SyncedAt = "SyncedAt";

    public const string Active = "Active";
    public const string Expired = "Expired";
}
