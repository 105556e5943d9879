using System.Net;
using System.Xml;
using System.Xml.Linq;

namespace Fisikal.Sync.Core.Sources.Gladstone;

/// <summary>
/// SOAP 1.1 answers every fault with HTTP 500, but only a server fault is worth retrying. Inside the resilience
/// handler this turns a client fault into 400 (an authentication fault into 401, a configuration error), so the
/// pipeline retries only what may pass next time. The body is kept for the client to read the fault.
/// </summary>
public sealed class GladstoneFaultStatusHandler : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.InternalServerError)
        {
            return response;
        }

        await response.Content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
        var code = FaultCode(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
        if (code is not null && code.Contains("Client", StringComparison.Ordinal))
        {
            response.StatusCode = code.Contains("Authentication", StringComparison.Ordinal) ? HttpStatusCode.Unauthorized : HttpStatusCode.BadRequest;
        }

        return response;
    }

    /// <summary>The <c>faultcode</c> of a SOAP fault body, or null.</summary>
    public static string? FaultCode(string body)
    {
        try
        {
            return XDocument.Parse(body).Descendants().FirstOrDefault(e => e.Name.LocalName == "faultcode")?.Value;
        }
        catch (XmlException)
        {
            return null;
        }
    }
}
