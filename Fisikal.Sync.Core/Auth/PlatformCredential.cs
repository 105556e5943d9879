namespace Fisikal.Sync.Core.Auth;

/// <summary>A platform login: the stored hash and the client it opens.</summary>
public sealed record PlatformCredential(string? PasswordHash, string? ClientId, string? Integration);
