namespace Fisikal.Sync.Core.Auth;

/// <summary>A member token's content, once it decrypted and is within its time.</summary>
public sealed record MemberToken(string MemberId, string Integration, DateTimeOffset IssuedAt, string Nonce, string Iv);
