namespace Fisikal.Sync.Core.Auth;

public enum Admission
{
    /// <summary>The client exists (or was synced on the spot) and is Active.</summary>
    Admitted,

    /// <summary>No such member, or not an Active client.</summary>
    Refused,

    /// <summary>The source that must decide could not be reached.</summary>
    Unavailable,
}
