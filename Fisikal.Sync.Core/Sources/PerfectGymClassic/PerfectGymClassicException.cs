using System.Net;

namespace Fisikal.Sync.Core.Sources.PerfectGymClassic;

/// <summary>A failed PGM call: the status, the first of PGM's error codes, and the integration it was for.</summary>
public sealed class PerfectGymClassicException : SourceException
{
    public PerfectGymClassicException(string integration, HttpStatusCode status, string? errorCode, string message)
        : base(integration, message)
    {
        Status = status;
        ErrorCode = errorCode;
    }

    public HttpStatusCode Status { get; }

    public string? ErrorCode { get; }

    /// <summary>401/403: the API client id or secret was refused, or lacks the ApiAccess permission.</summary>
    public override bool IsConfigurationError => Status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden;
}
