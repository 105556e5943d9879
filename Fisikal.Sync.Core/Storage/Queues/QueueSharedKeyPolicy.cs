using System.Globalization;
using System.Text;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Fisikal.Sync.Core.Storage.Queues;

/// <summary>Signs queue requests with SharedKey (the Blob/Queue string-to-sign).</summary>
public sealed class QueueSharedKeyPolicy : HttpPipelineSynchronousPolicy
{
    private static readonly string[] StandardHeaders =
    [
        "Content-Encoding", "Content-Language", "Content-Length", "Content-MD5", "Content-Type", "Date",
        "If-Modified-Since", "If-Match", "If-None-Match", "If-Unmodified-Since", "Range",
    ];

    private readonly StorageSharedKeyCredential _credential;
    private readonly TimeProvider _timeProvider;

    public QueueSharedKeyPolicy(StorageSharedKeyCredential credential, TimeProvider timeProvider)
    {
        _credential = credential;
        _timeProvider = timeProvider;
    }

    public override void OnSendingRequest(HttpMessage message)
    {
        message.Request.Headers.SetValue("x-ms-date", _timeProvider.GetUtcNow().ToString("R", CultureInfo.InvariantCulture));
        var signature = _credential.ComputeSignature(BuildStringToSign(message.Request, _credential.AccountName));
        message.Request.Headers.SetValue("Authorization", $"SharedKey {_credential.AccountName}:{signature}");
    }

    public static string BuildStringToSign(Request request, string accountName)
    {
        ArgumentNullException.ThrowIfNull(request);
        var sb = new StringBuilder();
        sb.Append(request.Method.Method).Append('\n');
        foreach (var name in StandardHeaders)
        {
            var value = name switch
            {
                "Content-Length" => request.Content is not null && request.Content.TryComputeLength(out var length) && length > 0
                    ? length.ToString(CultureInfo.InvariantCulture)
                    : string.Empty,
                "Date" => string.Empty, // x-ms-date is used instead.
                _ => request.Headers.TryGetValue(name, out var v) ? v : string.Empty,
            };
            sb.Append(value).Append('\n');
        }

        foreach (var header in request.Headers
                     .Where(h => h.Name.StartsWith("x-ms-", StringComparison.OrdinalIgnoreCase))
                     .Select(h => (Name: h.Name.ToLowerInvariant(), Value: h.Value.Trim()))
                     .OrderBy(h => h.Name, StringComparer.Ordinal))
        {
            sb.Append(header.Name).Append(':').Append(header.Value).Append('\n');
        }

        var uri = request.Uri.ToUri();
        sb.Append('/').Append(accountName).Append(uri.AbsolutePath);
        var query = uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .GroupBy(p => Uri.UnescapeDataString(p[0]).ToLowerInvariant(), StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal);
        foreach (var group in query)
        {
            var values = group.Select(p => p.Length > 1 ? Uri.UnescapeDataString(p[1]) : string.Empty).Order(StringComparer.Ordinal);
            sb.Append('\n').Append(group.Key).Append(':').Append(string.Join(',', values));
        }

        return sb.ToString();
    }
}
