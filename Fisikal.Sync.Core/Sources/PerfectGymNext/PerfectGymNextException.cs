using System.Net;

namespace Fisikal.Sync.Core.Sources.PerfectGymNext;

/// <summary>A failed Open API call: the status, the API's error code and trace id, and the integration it was for.</summary>
public sealed class PerfectGymNextException : SourceException
{
    public PerfectGymNextException(string integration, HttpStatusCode status, string? errorCode, string? traceId, string message)
        : base(integration, message)
    {
        Status = status;
        ErrorCode = errorCode;
        TraceId = traceId;
    }

    public HttpStatusCode Status { get; }

    public string? ErrorCode { get; }

    public string? TraceId { get; }

    /// <summary>401/403: a wrong or revoked key, or a missing scope; retrying cannot help.</summary>
    public override bool IsConfigurationError => Status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden;
}
