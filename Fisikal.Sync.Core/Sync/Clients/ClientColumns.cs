namespace Fisikal.Sync.Core.Sync.Clients;

/// <summary>The <c>Clients</c> columns other systems read (DESIGN.md), and ours.</summary>
public static class ClientColumns
{
    public const string FirstName = "FirstName";
    public const string LastName = "LastName";
    public const string Email = "Email";
    public const string DateOfBirth = "DateOfBirth";
    public const string HomeLocationId = "HomeLocationId";
    public const string Status = "Status";
    public const string Deleted = "Deleted";

    // Ours: where the row came from and when.
    public const string HomeClubNumber = "HomeClubNumber";
    public const string SourceStatus = "SourceStatus";
    public const string SourceCreatedAt = "SourceCreatedAt";
    public const string SyncedAt = "SyncedAt";
    public const string ContentHash = "ContentHash";

    /// <summary>Ours: when the source state this row holds was read (a read older than it never replaces it).</summary>
    public const string SourceReadAt = "SourceReadAt";

    /// <summary>Ours: the source's own version of the state this row holds, where it has one (PerfectGym classic).</summary>
    public const string SourceVersion = "SourceVersion";

    /// <summary>Ours: the run whose complete scan no longer saw the member.</summary>
    public const string MadeInactiveByRun = "MadeInactiveByRun";

    public const string Active = "Active";
    public const string Inactive = "Inactive";
}
