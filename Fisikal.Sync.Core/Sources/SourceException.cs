using System.Net;

namespace Fisikal.Sync.Core.Sources;

/// <summary>
/// A source call that failed, from any source: the integration, the HTTP status it ended with (200 when the answer was
/// unusable), and whether settings must change before it can work.
/// </summary>
public abstract class SourceException : Exception
{
    protected SourceException(string integration, HttpStatusCode status, string message)
        : base(message)
    {
        Integration = integration;
        Status = status;
    }

    public string Integration { get; }

    public HttpStatusCode Status { get; }

    /// <summary>401/403: credentials refused or permissions missing; retrying cannot help until someone fixes the settings.</summary>
    public bool IsConfigurationError => Status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden;
}
