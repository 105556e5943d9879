using System.Net;

namespace Fisikal.Sync.Core.Sources.PerfectGymNext;

/// <summary>A failed Open API call: the status, the API's error code and trace id, and the integration it was for.</summary>
public sealed class PerfectGymNextException : SourceException
{
    public PerfectGymNextException(string integration, HttpStatusCode status, string? errorCode, string? traceId, string message)
        : base(integration, status, message)
    {
        ErrorCode = errorCode;
        TraceId = traceId;
    }

    public string? ErrorCode { get; }

    public string? TraceId { get; }
}
