namespace Fisikal.Sync.Core.Auth;

/// <summary>How a login ended: a session, or why not (the HTTP layer answers 200, 401, 429 or 503).</summary>
public sealed record LoginOutcome(Session? Session, LoginFailure? Failure, TimeSpan? RetryAfter = null)
{
    public static LoginOutcome Success(Session session) => new(session, null);

    public static LoginOutcome Unauthorized { get; } = new(null, LoginFailure.Unauthorized);

    public static LoginOutcome Unavailable { get; } = new(null, LoginFailure.Unavailable, TimeSpan.FromSeconds(30));

    public static LoginOutcome LockedOut(TimeSpan retryAfter) => new(null, LoginFailure.LockedOut, retryAfter);
}
