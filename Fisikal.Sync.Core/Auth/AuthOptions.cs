namespace Fisikal.Sync.Core.Auth;

/// <summary>
/// The login settings, bound from <c>Auth__*</c>. The keys are secrets (Key Vault in Azure) and never logged.
/// Without <see cref="SessionSigningKey"/> the login routes answer 503: the app syncs, but nobody can log in.
/// </summary>
public sealed class AuthOptions
{
    /// <summary>HS256 key for session tokens, base64, at least 32 bytes.</summary>
    public string? SessionSigningKey { get; set; }

    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>AES-256-GCM key shared with the trusted app that makes member tokens, base64, 32 bytes.</summary>
    public string? MemberTokenKey { get; set; }

    /// <summary>How long a member token is good for after its issuedAt.</summary>
    public TimeSpan MemberTokenLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Allowed difference between the issuing app's clock and ours.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>PBKDF2-SHA256 iterations for new platform password hashes (OWASP 2023: 600,000); stored hashes keep theirs.</summary>
    public int PasswordIterations { get; set; } = 600_000;

    /// <summary>Consecutive failed logins of one user name before it is locked out.</summary>
    public int FailuresBeforeLockout { get; set; } = 5;

    /// <summary>The first lockout; each further failure while over the limit doubles it, up to <see cref="MaxLockout"/>.</summary>
    public TimeSpan FirstLockout { get; set; } = TimeSpan.FromMinutes(1);

    public TimeSpan MaxLockout { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Login attempts per user name per minute, per instance (ASP.NET Core rate limiting).</summary>
    public int AttemptsPerUserNamePerMinute { get; set; } = 10;

    /// <summary>Login and member-token attempts per client IP per minute, per instance.</summary>
    public int AttemptsPerIpPerMinute { get; set; } = 60;

    public byte[]? SigningKeyBytes() => Key(SessionSigningKey, "Auth__SessionSigningKey", minimum: 32, exact: null);

    public byte[]? MemberTokenKeyBytes() => Key(MemberTokenKey, "Auth__MemberTokenKey", minimum: 32, exact: 32);

    /// <summary>A bad key stops start-up with the setting's name (never its value).</summary>
    public void Validate()
    {
        _ = SigningKeyBytes();
        _ = MemberTokenKeyBytes();
        if (PasswordIterations < 600_000)
        {
            throw new InvalidOperationException("Auth__PasswordIterations must be at least 600000 (OWASP's PBKDF2-SHA256 work factor).");
        }

        if (SessionLifetime <= TimeSpan.Zero || MemberTokenLifetime <= TimeSpan.Zero || FailuresBeforeLockout < 1)
        {
            throw new InvalidOperationException("Auth__SessionLifetime and Auth__MemberTokenLifetime must be positive and Auth__FailuresBeforeLockout at least 1.");
        }
    }

    private static byte[]? Key(string? value, string setting, int minimum, int? exact)
    {
        // In Azure an app setting whose Key Vault secret does not exist yet holds the reference text itself: that is
        // "not configured yet" (the login routes answer 503), not a reason to stop the whole sync from starting.
        if (Configuration.KeyVaultReference.Usable(value) is null)
        {
            return null;
        }

        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(value!);
        }
        catch (FormatException)
        {
            throw new InvalidOperationException($"{setting} must be base64.");
        }

        return bytes.Length < minimum || (exact is { } n && bytes.Length != n)
            ? throw new InvalidOperationException($"{setting} must be {(exact is { } e ? $"exactly {e}" : $"at least {minimum}")} bytes (base64).")
            : bytes;
    }
}
