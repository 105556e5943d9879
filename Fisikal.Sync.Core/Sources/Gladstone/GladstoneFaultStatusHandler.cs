using System.Net;
using System.Xml;
using System.Xml.Linq;

namespace Fisikal.Sync.Core.Sources.Gladstone;

/// <summary>
/// SOAP 1.1 answers every fault with HTTP 500, but only a server fault is worth retrying. Inside the resilience
/// handler this turns a client fault into 400 (an authentication fault into 401, a configuration error), so the
/// pipeline retries only what may pass next time. The fault is read as every Gladstone answer is (no DTD, nothing
/// resolved) and only up to <see cref="MaxFaultBytes"/>: a bigger 500 stays a server fault. The body is kept for the
/// client to read the fault.
/// </summary>
public sealed class GladstoneFaultStatusHandler : DelegatingHandler
{
    /// <summary>A SOAP fault is a few hundred bytes; a server's error page may be more, but not this much.</summary>
    public const int MaxFaultBytes = 1024 * 1024;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.InternalServerError || response.Content.Headers.ContentLength > MaxFaultBytes)
        {
            return response;
        }

        try
        {
            await response.Content.LoadIntoBufferAsync(MaxFaultBytes, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException)
        {
            return response; // larger than any fault: a server error, left as it is
        }

        var code = FaultCode(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false));
        if (code is not null && code.Contains("Client", StringComparison.Ordinal))
        {
            response.StatusCode = code.Contains("Authentication", StringComparison.Ordinal) ? HttpStatusCode.Unauthorized : HttpStatusCode.BadRequest;
        }

        return response;
    }

    /// <summary>The <c>faultcode</c> of a SOAP fault body, or null (not a fault, or not readable safely).</summary>
    public static string? FaultCode(Stream body)
    {
        ArgumentNullException.ThrowIfNull(body);
        try
        {
            using var reader = XmlReader.Create(body, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, MaxCharactersInDocument = MaxFaultBytes, MaxCharactersFromEntities = 1024 });
            return XDocument.Load(reader).Descendants().FirstOrDefault(e => e.Name.LocalName == "faultcode")?.Value;
        }
        catch (XmlException)
        {
            return null;
        }
        finally
        {
            if (body.CanSeek)
            {
                body.Position = 0;
            }
        }
    }
}
