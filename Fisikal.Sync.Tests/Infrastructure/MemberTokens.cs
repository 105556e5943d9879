using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json;

namespace Fisikal.Sync.Tests.Infrastructure;

/// <summary>Member tokens made as a trusted app makes them (the README's recipe): AES-256-GCM, base64url of iv ‖ ciphertext ‖ tag.</summary>
public static class MemberTokens
{
    public static string Make(byte[] key, string memberId, string integration, DateTimeOffset? issuedAt = null, string? nonce = null, byte[]? iv = null)
    {
        var payload = JsonSerializer.SerializeToUtf8Bytes(new
        {
            memberId,
            integration,
            issuedAt = (issuedAt ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds(),
            nonce = nonce ?? Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16)),
        });
        iv ??= RandomNumberGenerator.GetBytes(12);
        var ciphertext = new byte[payload.Length];
        var tag = new byte[16];
        using (var aes = new AesGcm(key, 16))
        {
            aes.Encrypt(iv, payload, ciphertext, tag, "fisikal-member-token-v1"u8);
        }

        return Base64Url.EncodeToString([.. iv, .. ciphertext, .. tag]);
    }
}
