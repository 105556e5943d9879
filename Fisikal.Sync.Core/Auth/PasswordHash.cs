using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Fisikal.Sync.Core.Auth;

/// <summary>
/// Platform password hashes, <c>pbkdf2-sha256$&lt;iterations&gt;$&lt;salt, base64&gt;$&lt;32-byte hash, base64&gt;</c> (DESIGN's
/// Credentials format): PBKDF2 with HMAC-SHA256, a 16-byte random salt, compared in constant time.
/// </summary>
public static class PasswordHash
{
    private const string Scheme = "pbkdf2-sha256";
    private const int HashBytes = 32;

    // Checked against when there is no stored hash, so an unknown user costs the same time as a wrong password.
    private static readonly Lazy<string> Decoy = new(() => Create("decoy", 600_000));

    public static string Create(string password, int iterations)
    {
        ArgumentNullException.ThrowIfNull(password);
        var salt = RandomNumberGenerator.GetBytes(16);
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, HashBytes);
        return string.Join('$', Scheme, iterations.ToString(CultureInfo.InvariantCulture), Convert.ToBase64String(salt), Convert.ToBase64String(hash));
    }

    /// <summary>Whether the password matches; a malformed or missing stored value never matches (and takes as long).</summary>
    public static bool Verify(string password, string? stored)
    {
        ArgumentNullException.ThrowIfNull(password);
        var parts = (stored ?? Decoy.Value).Split('$');
        if (parts.Length != 4 || parts[0] != Scheme || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var iterations) || iterations < 1)
        {
            parts = Decoy.Value.Split('$');
            stored = null;
            iterations = int.Parse(parts[1], CultureInfo.InvariantCulture);
        }

        byte[] salt, expected;
        try
        {
            salt = Convert.FromBase64String(parts[2]);
            expected = Convert.FromBase64String(parts[3]);
        }
        catch (FormatException)
        {
            return false;
        }

        var actual = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected) && stored is not null;
    }
}
