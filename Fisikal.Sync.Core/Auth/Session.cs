namespace Fisikal.Sync.Core.Auth;

/// <summary>What a successful login answers (DESIGN): the token, its type and expiry, the client and its integration.</summary>
public sealed record Session(string Token, string TokenType, DateTimeOffset ExpiresAt, string ClientId, string Integration);
