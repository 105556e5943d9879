using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Fisikal.Sync.Core.Auth;

/// <summary>
/// Platform password hashes, <c>pbkdf2-sha256$&lt;iterations&gt;$&lt;salt, base64&gt;$&lt;32-byte hash, base64&gt;</c> (DESIGN's
/// Credentials format): PBKDF2 with HMAC-SHA256, a 16-byte random salt, compared in constant time. A stored value is
/// not trusted: only a 32-byte hash, a salt of at least 16 bytes and iterations from 600,000 to 10,000,000 are checked
/// against (a row with 1 iteration would make guessing free, one with a billion would stall the instance).
/// </summary>
public static class PasswordHash
{
    public const int MinIterations = 600_000;
    public const int MaxIterations = 10_000_000;
    private const string Scheme = "pbkdf2-sha256";
    private const int HashBytes = 32;
    private const int MinSaltBytes = 16;

    // Checked against when there is no stored hash, so an unknown user costs the same time as a wrong password.
    private static readonly Lazy<string> Decoy = new(() => Create("decoy", MinIterations));

    public static string Create(string password, int iterations)
    {
        ArgumentNullException.ThrowIfNull(password);
        var salt = RandomNumberGenerator.GetBytes(16);
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, HashBytes);
        return string.Join('$', Scheme, iterations.ToString(CultureInfo.InvariantCulture), Convert.ToBase64String(salt), Convert.ToBase64String(hash));
    }

    /// <summary>Whether the password matches; a malformed, out-of-bounds or missing stored value never matches (and takes as long).</summary>
    public static bool Verify(string password, string? stored)
    {
        ArgumentNullException.ThrowIfNull(password);
        var usable = Parse(stored);
        var (iterations, salt, expected) = usable ?? Parse(Decoy.Value)!.Value;
        var actual = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, HashBytes);
        return CryptographicOperations.FixedTimeEquals(actual, expected) && usable is not null;
    }

    private static (int Iterations, byte[] Salt, byte[] Hash)? Parse(string? stored)
    {
        var parts = stored?.Split('$');
        if (parts is not { Length: 4 } || parts[0] != Scheme
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var iterations) || iterations is < MinIterations or > MaxIterations)
        {
            return null;
        }

        try
        {
            var salt = Convert.FromBase64String(parts[2]);
            var hash = Convert.FromBase64String(parts[3]);
            return salt.Length >= MinSaltBytes && hash.Length == HashBytes ? (iterations, salt, hash) : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
