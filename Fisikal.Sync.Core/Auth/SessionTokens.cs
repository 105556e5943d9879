using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Fisikal.Sync.Core.Auth;

/// <summary>
/// Session tokens (DESIGN's login contract): JWT, HS256 with <c>Auth__SessionSigningKey</c>, issuer <c>fisikal-sync</c>,
/// <c>sub</c> the client id, an <c>integration</c> claim, <c>iat</c> and <c>exp</c> (<c>Auth__SessionLifetime</c>).
/// </summary>
public sealed class SessionTokens(AuthOptions options, TimeProvider time)
{
    public const string Issuer = "fisikal-sync";

    public bool IsConfigured => options.SigningKeyBytes() is not null;

    public Session Issue(string clientId, string integration)
    {
        var key = options.SigningKeyBytes() ?? throw new InvalidOperationException("Auth__SessionSigningKey is not configured.");
        var now = time.GetUtcNow();
        var expires = now + options.SessionLifetime;
        var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Subject = new ClaimsIdentity([new Claim(JwtRegisteredClaimNames.Sub, clientId), new Claim("integration", integration)]),
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(key), SecurityAlgorithms.HmacSha256),
        });
        return new Session(token, "Bearer", expires, clientId, integration);
    }
}
