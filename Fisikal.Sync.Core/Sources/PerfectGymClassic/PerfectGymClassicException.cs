using System.Net;

namespace Fisikal.Sync.Core.Sources.PerfectGymClassic;

/// <summary>A failed PGM call: the status, the first of PGM's error codes, and the integration it was for.</summary>
public sealed class PerfectGymClassicException : SourceException
{
    public PerfectGymClassicException(string integration, HttpStatusCode status, string? errorCode, string message)
        : base(integration, status, message)
    {
        ErrorCode = errorCode;
    }

    public string? ErrorCode { get; }
}
