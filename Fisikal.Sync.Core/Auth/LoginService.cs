using Fisikal.Sync.Core.Integrations;
using Fisikal.Sync.Core.Sources;
using Microsoft.Extensions.Logging;

namespace Fisikal.Sync.Core.Auth;

/// <summary>
/// Member logins (seeds 000 and 001). Credentials are for one integration, named by the login (or the only one whose
/// source can check credentials): platform credentials of that integration first, then that integration's source,
/// never another club's (a password is only ever sent to its own club). The member's client must exist (synced on the
/// spot if the sync has not reached them) and be Active. The attempt is counted before any password is checked, so
/// parallel guesses get no more tries than the lockout allows. Member tokens: made by a trusted app, read once. Every
/// refusal is the same <see cref="LoginFailure.Unauthorized"/>, and an unknown user costs the same hash work as a wrong
/// password; a source that can't be reached makes it <see cref="LoginFailure.Unavailable"/> instead (the password may
/// be right). Nothing of a user name, password or token is logged; member ids are.
/// </summary>
public sealed partial class LoginService(
    PlatformCredentialStore credentials,
    LoginThrottle throttle,
    SessionTokens sessions,
    MemberTokenReader memberTokens,
    MemberTokenNonceLedger nonces,
    IntegrationRegistry integrations,
    SourceFactory sources,
    ClientAdmission admission,
    ILogger<LoginService> logger)
{
    /// <summary>
    /// The integration a login is for: the one named, or, when none is named, the only configured integration whose
    /// source can check credentials. Null with the reason when it can't be told (the login answers 400, naming the field).
    /// </summary>
    public (IntegrationOptions? Integration, string? Problem) IntegrationFor(string? name)
    {
        if (!string.IsNullOrEmpty(name))
        {
            return integrations.TryGet(name, out var named) ? (named, null) : (null, $"integration: no integration named '{name}' is configured.");
        }

        var checking = integrations.All.Where(i => sources.CredentialVerifier(i) is not null).ToList();
        return checking.Count == 1
            ? (checking[0], null)
            : (null, "integration: name the integration these credentials are for (more than one, or none, can check source credentials).");
    }

    public async Task<LoginOutcome> LoginAsync(string userName, string password, IntegrationOptions integration, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(userName);
        ArgumentNullException.ThrowIfNull(password);
        ArgumentNullException.ThrowIfNull(integration);
        if (await throttle.BeginAsync(userName, cancellationToken).ConfigureAwait(false) is { } locked)
        {
            return LoginOutcome.LockedOut(locked);
        }

        // Seed 000: credentials that don't work as platform credentials are checked against this integration's source.
        var (admitted, via, unavailable) = await PlatformAsync(userName, password, integration, cancellationToken).ConfigureAwait(false);
        if (admitted is null && !unavailable)
        {
            (admitted, via, unavailable) = await SourceAsync(userName, password, integration, cancellationToken).ConfigureAwait(false);
        }

        if (admitted is not null)
        {
            return await SucceedAsync(userName, admitted, integration.Name, via, cancellationToken).ConfigureAwait(false);
        }

        if (unavailable)
        {
            await throttle.AbandonAsync(userName, CancellationToken.None).ConfigureAwait(false);
            return LoginOutcome.Unavailable;
        }

        var lockout = await throttle.RecordFailureAsync(userName, CancellationToken.None).ConfigureAwait(false);
        LogRefused(lockout is not null);
        return LoginOutcome.Unauthorized;
    }

    /// <summary>The client a platform credential admits, or whether the source that must decide was unavailable.</summary>
    private async Task<(string? ClientId, string Via, bool Unavailable)> PlatformAsync(string userName, string password, IntegrationOptions integration, CancellationToken cancellationToken)
    {
        var platform = await credentials.GetAsync(userName, cancellationToken).ConfigureAwait(false);
        if (!PasswordHash.Verify(password, platform?.PasswordHash)
            || platform is not { ClientId: { Length: > 0 } clientId, Integration: { Length: > 0 } name }
            || !string.Equals(name, integration.Name, StringComparison.Ordinal))
        {
            return (null, "platform", false);
        }

        return await AdmitAsync(integration, clientId, "platform", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The member the integration's source says these credentials are, if it has a say and admits them.</summary>
    private async Task<(string? ClientId, string Via, bool Unavailable)> SourceAsync(string userName, string password, IntegrationOptions integration, CancellationToken cancellationToken)
    {
        if (sources.CredentialVerifier(integration) is not { } verifier)
        {
            return (null, "source", false);
        }

        try
        {
            return await verifier.VerifyAsync(userName, password, cancellationToken).ConfigureAwait(false) is { } memberId
                ? await AdmitAsync(integration, memberId, "source", cancellationToken).ConfigureAwait(false)
                : (null, "source", false);
        }
        catch (Exception ex) when (SourceOutage.Is(ex) && !cancellationToken.IsCancellationRequested)
        {
            LogSourceDown(integration.Name, ex.GetType().Name);
            return (null, "source", true);
        }
        catch (SourceException ex)
        {
            // The source answered, just not with a yes (a 4xx, a SOAP client fault, a redirect...): a refusal, counted
            // like any other, so an answer of that kind can't buy unlimited guesses.
            LogSourceRefused(integration.Name, (int)ex.Status);
            return (null, "source", false);
        }
    }

    private async Task<(string? ClientId, string Via, bool Unavailable)> AdmitAsync(IntegrationOptions integration, string clientId, string via, CancellationToken cancellationToken) =>
        await admission.AdmitAsync(integration, clientId, cancellationToken).ConfigureAwait(false) switch
        {
            Admission.Admitted => (clientId, via, false),
            Admission.Unavailable => (null, via, true),
            _ => (null, via, false),
        };

    /// <summary>A member token from a trusted app: decrypted, within its time, its nonce unused, its member an Active client.</summary>
    public async Task<LoginOutcome> MemberTokenLoginAsync(string? token, CancellationToken cancellationToken = default)
    {
        var content = memberTokens.Read(token);
        if (content is null || !integrations.TryGet(content.Integration, out var integration))
        {
            LogTokenRefused("unreadable, tampered with, out of time or for no such integration");
            return LoginOutcome.Unauthorized;
        }

        if (!await nonces.TryUseAsync(content, memberTokens.ExpiresAt(content.IssuedAt), cancellationToken).ConfigureAwait(false))
        {
            LogTokenRefused("replayed");
            return LoginOutcome.Unauthorized;
        }

        switch (await admission.AdmitAsync(integration, content.MemberId, cancellationToken).ConfigureAwait(false))
        {
            case Admission.Admitted:
                LogLoggedIn(integration.Name, content.MemberId, "member token");
                return LoginOutcome.Success(sessions.Issue(content.MemberId, integration.Name));
            case Admission.Unavailable:
                return LoginOutcome.Unavailable;
            default:
                LogTokenRefused("no Active client for its member");
                return LoginOutcome.Unauthorized;
        }
    }

    private async Task<LoginOutcome> SucceedAsync(string userName, string clientId, string integration, string how, CancellationToken cancellationToken)
    {
        await throttle.ResetAsync(userName, cancellationToken).ConfigureAwait(false);
        LogLoggedIn(integration, clientId, how);
        return LoginOutcome.Success(sessions.Issue(clientId, integration));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Integration {Integration}: member {MemberId} logged in ({How})")]
    private partial void LogLoggedIn(string integration, string memberId, string how);

    [LoggerMessage(Level = LogLevel.Information, Message = "A login was refused (locked out now: {LockedOut})")]
    private partial void LogRefused(bool lockedOut);

    [LoggerMessage(Level = LogLevel.Information, Message = "A member token was refused: {Reason}")]
    private partial void LogTokenRefused(string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Integration {Integration}: the credential check ended in the source's answer {Status}; counted as a refusal")]
    private partial void LogSourceRefused(string integration, int status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Integration {Integration}: the credential check could not reach the source ({Error}); the login answers 503")]
    private partial void LogSourceDown(string integration, string error);
}
