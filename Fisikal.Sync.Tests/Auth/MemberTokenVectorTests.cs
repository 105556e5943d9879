using Azure;
using Fisikal.Sync.Core.Auth;
using Fisikal.Sync.Core.Storage;
using Fisikal.Sync.Tests.Infrastructure;

namespace Fisikal.Sync.Tests.Auth;

/// <summary>
/// Member tokens made by another runtime: Node.js's crypto (OpenSSL underneath), following README's Node.js recipe with
/// its random parts fixed (<c>member-token-vectors.js</c> beside this file made these; its output is pasted here).
/// Not our own encoder: a token a platform's backend makes from the README must be read, at the contract's time edges.
/// </summary>
public sealed class MemberTokenVectorTests
{
    private const string Key = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="; // bytes 00..1f
    private const long IssuedAt = 1_800_000_000;

    /// <summary>iv a1×12, nonce 5e×16.</summary>
    private const string Valid = "oaGhoaGhoaGhoaGh3uKWO758FKaNeYN3ygn350ATcWEzh4SNLFmx1LqijvcMR9lS3j2fxwoWguCI33uYVUpyp0N8TPyopmTJjavCr-xwxY96Khy_Rd7FOYvAlLbduN8Q304c2zbPGZ-AhPvPjkGjKQXX9mVKWeH5X4OZ";

    /// <summary>Another iv (b2×12), the same nonce.</summary>
    private const string SameNonce = "srKysrKysrKysrKywmtwZg5kQu-Je-UDpcXtOFxKXauF5sQXOhvnRHvflLiqarPNqb_WDv1DDf7TEsFC-wkZHFrjsqcFOlkG8CiAchUpqkRrxBYOk3m6HMQjLTICLoXG4aW7cliins_6TDB0oyJmJzxyBGNahRuvcEdP";

    /// <summary>The same iv (a1×12), another nonce (6f×16).</summary>
    private const string SameIv = "oaGhoaGhoaGhoaGh3uKWO758FKaNeYN3ygn350ATcWEzh4SNLFmx1LqijvcMR9lS3j2fxwoWguCI33uYVUpyp0N8TPyopmTJjavCr-xwxY96KhyFG9LWA9XMh4yDtMwqgUIP4WjDCqWQhPst39FlA7IHb7lt8O36Mi-B";

    /// <summary>A nonce of 12 bytes (7a×12): 16 characters of base64url, but not the 16 random bytes the contract asks for.</summary>
    private const string TwelveByteNonce = "w8PDw8PDw8PDw8PDKsIcvMvAa-XGj_kPiLrL5OydVF3kbXtmB_p4e93aAxiaIrp4AoClopOD1_YOFF1OEcSmvW1hOC4ADugId92gH8ohWLYefAs3ZADCFvCodITJRkn1utDsN98oN1LoHxiy3JMzCY4vEJ3O";

    [Fact]
    public void A_token_made_by_another_runtime_from_the_README_recipe_is_read()
    {
        var token = Reader(60).Read(Valid);

        Assert.NotNull(token);
        Assert.Equal("1001", token.MemberId);
        Assert.Equal("club", token.Integration);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(IssuedAt), token.IssuedAt);
        Assert.Equal(Convert.ToBase64String(Enumerable.Repeat((byte)0x5e, 16).ToArray()).TrimEnd('=').Replace('+', '-').Replace('/', '_'), token.Nonce);
    }

    [Theory]
    [InlineData(-31, false)] // more than the 30 s skew before it was issued
    [InlineData(-30, true)]
    [InlineData(0, true)]
    [InlineData(330, true)]  // 5 minutes and the 30 s skew
    [InlineData(331, false)]
    public void A_token_is_good_for_five_minutes_with_30_seconds_of_skew_either_side(int secondsAfterIssue, bool accepted) =>
        Assert.Equal(accepted, Reader(secondsAfterIssue).Read(Valid) is not null);

    [Fact]
    public void A_nonce_must_be_16_bytes_not_16_characters() => Assert.Null(Reader(60).Read(TwelveByteNonce));

    [Fact]
    public async Task A_nonce_used_again_with_another_iv_and_an_iv_used_again_with_another_nonce_are_each_refused()
    {
        var storage = await AzuriteServer.StorageAsync();
        var table = storage.Table(TableNames.MemberTokenNonces);
        await table.CreateIfNotExistsAsync();
        var reader = Reader(60);
        var (valid, sameNonce, sameIv) = (reader.Read(Valid)!, reader.Read(SameNonce)!, reader.Read(SameIv)!);
        foreach (var (partition, key) in new[] { ("nonce", valid.Nonce), ("nonce", sameIv.Nonce), ("iv", valid.Iv), ("iv", sameNonce.Iv) })
        {
            await table.DeleteEntityAsync(partition, key, ETag.All); // fixed vectors: a run before this one may have used them
        }

        var ledger = new MemberTokenNonceLedger(storage);
        var expires = DateTimeOffset.FromUnixTimeSeconds(IssuedAt).AddMinutes(6);

        Assert.Equal(valid.Nonce, sameNonce.Nonce);
        Assert.NotEqual(valid.Iv, sameNonce.Iv);
        Assert.Equal(valid.Iv, sameIv.Iv);
        Assert.NotEqual(valid.Nonce, sameIv.Nonce);
        Assert.True(await ledger.TryUseAsync(valid, expires));
        Assert.False(await ledger.TryUseAsync(sameNonce, expires)); // the nonce again
        Assert.False(await ledger.TryUseAsync(sameIv, expires));    // the iv again
    }

    private static MemberTokenReader Reader(int secondsAfterIssue) =>
        new(new AuthOptions { MemberTokenKey = Key }, new ManualTimeProvider(DateTimeOffset.FromUnixTimeSeconds(IssuedAt + secondsAfterIssue)));
}
