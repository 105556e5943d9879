using System.Net;

namespace Fisikal.Sync.Core.Sources.Gladstone;

/// <summary>A SOAP fault (or a failed call) from Gladstone: the fault code and string, and the integration it was for.</summary>
public sealed class GladstoneException : SourceException
{
    public GladstoneException(string integration, HttpStatusCode status, string? faultCode, string message)
        : base(integration, message)
    {
        Status = status;
        FaultCode = faultCode;
    }

    public HttpStatusCode Status { get; }

    public string? FaultCode { get; }

    /// <summary>The AuthHeader was refused (the user, password or application name): retrying can't help.</summary>
    public override bool IsConfigurationError => Status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden;
}
