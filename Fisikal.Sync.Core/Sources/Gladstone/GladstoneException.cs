using System.Net;

namespace Fisikal.Sync.Core.Sources.Gladstone;

/// <summary>A SOAP fault (or a failed call) from Gladstone: the fault code and string, and the integration it was for.</summary>
public sealed class GladstoneException : SourceException
{
    public GladstoneException(string integration, HttpStatusCode status, string? faultCode, string message)
        : base(integration, status, message)
    {
        FaultCode = faultCode;
    }

    public string? FaultCode { get; }
}
