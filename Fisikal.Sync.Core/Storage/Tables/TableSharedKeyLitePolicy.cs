using System.Globalization;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Fisikal.Sync.Core.Storage.Tables;

/// <summary>
/// Signs table requests with SharedKeyLite:
/// <c>x-ms-date + "\n" + "/" + account + path [+ "?comp=" + value]</c>.
/// </summary>
public sealed class TableSharedKeyLitePolicy : HttpPipelineSynchronousPolicy
{
    private readonly StorageSharedKeyCredential _credential;
    private readonly TimeProvider _timeProvider;

    public TableSharedKeyLitePolicy(StorageSharedKeyCredential credential, TimeProvider timeProvider)
    {
        _credential = credential;
        _timeProvider = timeProvider;
    }

    public override void OnSendingRequest(HttpMessage message)
    {
        var date = _timeProvider.GetUtcNow().ToString("R", CultureInfo.InvariantCulture);
        message.Request.Headers.SetValue("x-ms-date", date);
        var signature = _credential.ComputeSignature(BuildStringToSign(message.Request, _credential.AccountName));
        message.Request.Headers.SetValue("Authorization", $"SharedKeyLite {_credential.AccountName}:{signature}");
    }

    public static string BuildStringToSign(Request request, string accountName)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Headers.TryGetValue("x-ms-date", out var date);
        var uri = request.Uri.ToUri();
        var resource = "/" + accountName + uri.AbsolutePath;
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            if (pair.StartsWith("comp=", StringComparison.OrdinalIgnoreCase))
            {
                resource += "?comp=" + Uri.UnescapeDataString(pair[5..]);
            }
        }

        return date + "\n" + resource;
    }
}
