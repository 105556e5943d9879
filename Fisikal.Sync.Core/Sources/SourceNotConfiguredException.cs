using System.Net;

namespace Fisikal.Sync.Core.Sources;

/// <summary>
/// A source call that was not made: a secret it would carry is an unresolved Key Vault reference. A configuration
/// error (as a refused key is), so runs fail at once and logins answer 503 without counting the attempt.
/// </summary>
public sealed class SourceNotConfiguredException : SourceException
{
    public SourceNotConfiguredException(string integration, IReadOnlyList<string> settings)
        : base(integration, HttpStatusCode.Unauthorized, $"Integration '{integration}': {string.Join(", ", settings)} {(settings.Count == 1 ? "is an unresolved Key Vault reference" : "are unresolved Key Vault references")} (App Service could not read the secret); no call is made to the source until it resolves.")
    {
        Settings = settings;
    }

    /// <summary>The settings, by name (never their values).</summary>
    public IReadOnlyList<string> Settings { get; }
}
