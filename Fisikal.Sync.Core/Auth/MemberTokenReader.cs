using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Fisikal.Sync.Core.Auth;

/// <summary>
/// Member tokens (DESIGN's login contract): base64url (no padding) of <c>iv (12 bytes) ‖ ciphertext ‖ tag (16 bytes)</c>,
/// AES-256-GCM with <c>Auth__MemberTokenKey</c> and associated data <c>fisikal-member-token-v1</c>; the plaintext is
/// UTF-8 JSON <c>{memberId, integration, issuedAt (unix seconds), nonce}</c>. Good for <see cref="AuthOptions.MemberTokenLifetime"/>
/// after issuedAt, with <see cref="AuthOptions.ClockSkew"/> either side. Whether the nonce was used before is the ledger's part.
/// </summary>
public sealed class MemberTokenReader(AuthOptions options, TimeProvider time)
{
    public static readonly byte[] AssociatedData = Encoding.ASCII.GetBytes("fisikal-member-token-v1");

    public bool IsConfigured => options.MemberTokenKeyBytes() is not null;

    /// <summary>The token's content, or null when it is malformed, tampered with, made with another key, or out of its time.</summary>
    public MemberToken? Read(string? token)
    {
        var key = options.MemberTokenKeyBytes();
        if (key is null || string.IsNullOrEmpty(token) || token.Length > 4096)
        {
            return null;
        }

        byte[] bytes;
        try
        {
            bytes = Base64Url.DecodeFromChars(token);
        }
        catch (FormatException)
        {
            return null;
        }

        if (bytes.Length < 12 + 16 + 2)
        {
            return null;
        }

        var plaintext = new byte[bytes.Length - 12 - 16];
        try
        {
            using var aes = new AesGcm(key, 16);
            aes.Decrypt(bytes.AsSpan(0, 12), bytes.AsSpan(12, plaintext.Length), bytes.AsSpan(bytes.Length - 16), plaintext, AssociatedData);
        }
        catch (CryptographicException)
        {
            return null;
        }

        MemberToken? content;
        try
        {
            using var json = JsonDocument.Parse(plaintext);
            var root = json.RootElement;
            content = root.ValueKind == JsonValueKind.Object
                      && root.TryGetProperty("memberId", out var member) && member.ValueKind == JsonValueKind.String && member.GetString() is { Length: > 0 } memberId
                      && root.TryGetProperty("integration", out var integration) && integration.GetString() is { Length: > 0 } integrationName
                      && root.TryGetProperty("issuedAt", out var issued) && issued.TryGetInt64(out var issuedAt)
                      && root.TryGetProperty("nonce", out var nonce) && nonce.GetString() is { } nonceText && IsSixteenBytes(nonceText)
                ? new MemberToken(memberId, integrationName, DateTimeOffset.FromUnixTimeSeconds(issuedAt), nonceText, Base64Url.EncodeToString(bytes.AsSpan(0, 12)))
                : null;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or ArgumentOutOfRangeException)
        {
            return null;
        }

        var now = time.GetUtcNow();
        return content is null || content.IssuedAt > now + options.ClockSkew || now > content.IssuedAt + options.MemberTokenLifetime + options.ClockSkew
            ? null
            : content;
    }

    /// <summary>The contract's nonce: 16 random bytes, base64url (a shorter one, 12 bytes say, is as many characters as 16 is not).</summary>
    private static bool IsSixteenBytes(string nonce) => Base64Url.IsValid(nonce, out var bytes) && bytes == 16;

    /// <summary>When a token issued at <paramref name="issuedAt"/> can no longer be accepted, so its nonce need not be remembered.</summary>
    public DateTimeOffset ExpiresAt(DateTimeOffset issuedAt) => issuedAt + options.MemberTokenLifetime + options.ClockSkew;
}
