namespace Fisikal.Sync.Functions.Middleware;

/// <summary>The <c>Admin</c> settings: the key admin routes require, and how long the status page's sign-in lasts.</summary>
public sealed class AdminOptions
{
    public const string Section = "Admin";

    /// <summary><c>Admin__ApiKey</c>. Without it (or while it is an unresolved Key Vault reference) every admin route answers 401.</summary>
    public string? ApiKey { get; set; }

    /// <summary><c>Admin__SessionLifetime</c>: how long a sign-in cookie is good for, whatever the browser does.</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>The key to accept, or null when there is none: not set, or an unresolved Key Vault reference (whose text
    /// anyone could guess from the app's host name).</summary>
    public string? Expected => Core.Configuration.KeyVaultReference.Usable(ApiKey);
}
