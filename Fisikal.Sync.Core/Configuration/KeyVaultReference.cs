namespace Fisikal.Sync.Core.Configuration;

/// <summary>
/// App Service leaves the literal <c>@Microsoft.KeyVault(VaultName=…;SecretName=…)</c> in a setting whose secret it can't
/// resolve (not created yet, no access), and the vault's name can be guessed from the app's public host name. Such a
/// value is not a secret: every setting holding one counts as not configured, so it never opens anything.
/// </summary>
public static class KeyVaultReference
{
    private const string Prefix = "@Microsoft.KeyVault(";

    /// <summary>Whether a setting's value is an unresolved Key Vault reference.</summary>
    public static bool IsUnresolved(string? value) =>
        value is not null && value.AsSpan().TrimStart().StartsWith(Prefix, StringComparison.OrdinalIgnoreCase);

    /// <summary>The value, or null when it is missing, empty or an unresolved reference: a secret that can be used.</summary>
    public static string? Usable(string? value) => string.IsNullOrEmpty(value) || IsUnresolved(value) ? null : value;
}
