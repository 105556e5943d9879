using System.Text.Json;
using System.Xml.Linq;
using Azure;

namespace Fisikal.Sync.Core.Storage;

/// <summary>Turns a failed storage response into a <see cref="RequestFailedException"/> with the service's error code.</summary>
internal static class StorageErrors
{
    public static RequestFailedException Create(Response response, string operation)
    {
        var (code, message) = ReadError(response);
        code ??= response.Headers.TryGetValue("x-ms-error-code", out var header) ? header : null;
        var requestId = response.Headers.RequestId;
        var text = $"{operation} failed: {response.Status} {response.ReasonPhrase}" +
                   (code is null ? string.Empty : $" ({code})") +
                   (string.IsNullOrEmpty(message) ? string.Empty : $": {FirstLine(message)}") +
                   (requestId is null ? string.Empty : $" [request id {requestId}]");
        return new RequestFailedException(response.Status, text, code, null);
    }

    internal static (string? Code, string? Message) ReadError(Response response)
    {
        var body = response.Content?.ToMemory() ?? ReadOnlyMemory<byte>.Empty;
        return ReadError(body.Span);
    }

    internal static (string? Code, string? Message) ReadError(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty)
        {
            return (null, null);
        }

        try
        {
            if (body[0] == (byte)'{')
            {
                using var json = JsonDocument.Parse(body.ToArray());
                if (json.RootElement.TryGetProperty("odata.error", out var error))
                {
                    var code = error.TryGetProperty("code", out var c) ? c.GetString() : null;
                    var message = error.TryGetProperty("message", out var m)
                        ? (m.ValueKind == JsonValueKind.Object && m.TryGetProperty("value", out var v) ? v.GetString() : m.GetString())
                        : null;
                    return (code, message);
                }

                return (null, null);
            }

            var xml = XDocument.Parse(System.Text.Encoding.UTF8.GetString(body).TrimStart('\uFEFF'));
            return (xml.Root?.Element("Code")?.Value, xml.Root?.Element("Message")?.Value);
        }
        catch (Exception ex) when (ex is JsonException or System.Xml.XmlException)
        {
            return (null, null);
        }
    }

    private static string FirstLine(string message)
    {
        var end = message.IndexOfAny(['\r', '\n']);
        return end < 0 ? message : message[..end];
    }
}
