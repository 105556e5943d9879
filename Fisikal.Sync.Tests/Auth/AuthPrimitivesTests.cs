using System.Buffers.Text;
using System.Security.Cryptography;
using Fisikal.Sync.Core.Auth;
using Fisikal.Sync.Tests.Infrastructure;

namespace Fisikal.Sync.Tests.Auth;

/// <summary>The login building blocks on their own: password hashes, key settings, member tokens.</summary>
public sealed class AuthPrimitivesTests
{
    [Fact]
    public void A_password_hash_has_the_contract_format_verifies_in_constant_form_and_refuses_anything_else()
    {
        var hash = PasswordHash.Create("correct horse", 600_000);
        var parts = hash.Split('$');

        Assert.Equal(["pbkdf2-sha256", "600000"], parts[..2]);
        Assert.Equal(16, Convert.FromBase64String(parts[2]).Length);
        Assert.Equal(32, Convert.FromBase64String(parts[3]).Length);
        Assert.True(PasswordHash.Verify("correct horse", hash));
        Assert.False(PasswordHash.Verify("Correct horse", hash));
        Assert.False(PasswordHash.Verify("correct horse", null));
        Assert.False(PasswordHash.Verify("correct horse", "md5$abc"));
        Assert.False(PasswordHash.Verify("correct horse", "pbkdf2-sha256$600000$!!!$???"));
        Assert.NotEqual(hash, PasswordHash.Create("correct horse", 600_000));
    }

    [Theory]
    [InlineData(1, 16, 32)]          // guessing would cost nothing
    [InlineData(599_999, 16, 32)]
    [InlineData(10_000_001, 16, 32)] // one check would stall an instance
    [InlineData(600_000, 8, 32)]     // a short salt
    [InlineData(600_000, 16, 20)]    // not the contract's 32-byte hash
    public void A_stored_hash_outside_the_contract_never_verifies_even_for_its_own_password(int iterations, int saltBytes, int hashBytes)
    {
        var salt = RandomNumberGenerator.GetBytes(saltBytes);
        var hash = Rfc2898DeriveBytes.Pbkdf2("correct horse"u8, salt, Math.Min(iterations, 600_000), HashAlgorithmName.SHA256, hashBytes);
        var stored = $"pbkdf2-sha256${iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}";

        Assert.False(PasswordHash.Verify("correct horse", stored));
    }

    [Fact]
    public void Bad_keys_stop_start_up_naming_the_setting_never_the_value_and_an_unresolved_key_vault_reference_is_not_configured()
    {
        var shortKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
        var error = Assert.Throws<InvalidOperationException>(() => new AuthOptions { SessionSigningKey = shortKey }.Validate());
        Assert.Contains("Auth__SessionSigningKey", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(shortKey, error.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => new AuthOptions { MemberTokenKey = "not base64 at all" }.Validate());
        Assert.Throws<InvalidOperationException>(() => new AuthOptions { MemberTokenKey = Convert.ToBase64String(new byte[48]) }.Validate());
        Assert.Throws<InvalidOperationException>(() => new AuthOptions { PasswordIterations = 100_000 }.Validate());

        var unresolved = new AuthOptions { SessionSigningKey = "@Microsoft.KeyVault(VaultName=kv;SecretName=Auth--SessionSigningKey)" };
        unresolved.Validate();
        Assert.Null(unresolved.SigningKeyBytes());
    }

    [Fact]
    public void A_member_token_is_read_within_its_time_with_skew_and_not_outside_it()
    {
        var key = RandomNumberGenerator.GetBytes(32);
        var clock = new ManualTimeProvider(DateTimeOffset.Parse("2026-11-22T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var reader = new MemberTokenReader(new AuthOptions { MemberTokenKey = Convert.ToBase64String(key) }, clock);
        var now = clock.GetUtcNow();

        var token = reader.Read(MemberTokens.Make(key, "42", "club", now.AddSeconds(-10)));
        Assert.NotNull(token);
        Assert.Equal("42", token.MemberId);
        Assert.Equal("club", token.Integration);
        Assert.NotNull(reader.Read(MemberTokens.Make(key, "42", "club", now.AddSeconds(20))));          // a little ahead: skew
        Assert.Null(reader.Read(MemberTokens.Make(key, "42", "club", now.AddMinutes(2))));              // from the future
        Assert.NotNull(reader.Read(MemberTokens.Make(key, "42", "club", now.AddMinutes(-5).AddSeconds(-20))));
        Assert.Null(reader.Read(MemberTokens.Make(key, "42", "club", now.AddMinutes(-6))));             // expired
        Assert.Null(reader.Read(MemberTokens.Make(key, "42", "club", now, nonce: "short")));           // a nonce of 16 bytes is required
        Assert.Null(reader.Read(Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(60))));         // noise
    }
}
