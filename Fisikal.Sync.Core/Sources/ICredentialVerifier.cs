namespace Fisikal.Sync.Core.Sources;

/// <summary>
/// A source that can check a member's own credentials (PerfectGym classic: ValidateCredentials; Gladstone:
/// LoginMember / ValidateUser). PerfectGym Next has no such API. One attempt: a person is waiting.
/// </summary>
public interface ICredentialVerifier
{
    /// <summary>The member's id when the source accepts the credentials, null when it refuses them; throws when it can't be asked.</summary>
    Task<string?> VerifyAsync(string userName, string password, CancellationToken cancellationToken = default);
}
