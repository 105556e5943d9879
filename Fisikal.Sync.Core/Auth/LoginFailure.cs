namespace Fisikal.Sync.Core.Auth;

public enum LoginFailure
{
    /// <summary>Wrong or unknown credentials, a bad token, an inactive member: one answer for all (no enumeration).</summary>
    Unauthorized,

    /// <summary>Too many failures for this user name: locked out for a while.</summary>
    LockedOut,

    /// <summary>The source that must decide could not be reached: try again, the credentials may be right.</summary>
    Unavailable,
}
