using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Azure;

namespace Fisikal.Sync.Core.Storage.Tables;

/// <summary>The multipart/mixed body of an entity group transaction, and the reading of its answer.</summary>
internal static partial class TableTransactionContent
{
    public const int MaxActions = 100;

    public static void Validate(IReadOnlyList<TableTransactionAction> actions)
    {
        if (actions.Count is 0 or > MaxActions)
        {
            throw new ArgumentException($"A transaction holds 1 to {MaxActions} actions; this one has {actions.Count}.", nameof(actions));
        }

        var partition = actions[0].Entity.PartitionKey;
        var rowKeys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var action in actions)
        {
            if (!string.Equals(action.Entity.PartitionKey, partition, StringComparison.Ordinal))
            {
                throw new ArgumentException(
                    $"All actions of a transaction must share one partition; found '{partition}' and '{action.Entity.PartitionKey}'.", nameof(actions));
            }

            if (!rowKeys.Add(action.Entity.RowKey))
            {
                throw new ArgumentException($"RowKey '{action.Entity.RowKey}' appears twice in one transaction.", nameof(actions));
            }
        }
    }

    public static byte[] Build(IReadOnlyList<TableTransactionAction> actions, Uri serviceUri, string table, string batchBoundary, string serviceVersion)
    {
        var changeset = "changeset_" + Guid.NewGuid().ToString("N");
        var baseUri = serviceUri.AbsoluteUri.TrimEnd('/');
        var sb = new StringBuilder();
        sb.Append("--").Append(batchBoundary).Append("\r\n");
        sb.Append("Content-Type: multipart/mixed; boundary=").Append(changeset).Append("\r\n\r\n");
        var contentId = 1;
        foreach (var action in actions)
        {
            var (method, path, ifMatch, hasBody) = action.ActionType switch
            {
                TableTransactionActionType.Add => ("POST", table, (ETag?)null, true),
                TableTransactionActionType.UpsertMerge => ("MERGE", EntityPath(table, action), null, true),
                TableTransactionActionType.UpsertReplace => ("PUT", EntityPath(table, action), null, true),
                TableTransactionActionType.UpdateMerge => ("MERGE", EntityPath(table, action), OrAll(action.ETag), true),
                TableTransactionActionType.UpdateReplace => ("PUT", EntityPath(table, action), OrAll(action.ETag), true),
                TableTransactionActionType.Delete => ("DELETE", EntityPath(table, action), OrAll(action.ETag), false),
                _ => throw new ArgumentOutOfRangeException(nameof(actions), action.ActionType, "Unknown action type."),
            };

            sb.Append("--").Append(changeset).Append("\r\n");
            sb.Append("Content-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\n");
            sb.Append(method).Append(' ').Append(baseUri).Append('/').Append(path).Append(" HTTP/1.1\r\n");
            sb.Append("Accept: application/json;odata=minimalmetadata\r\n");
            sb.Append("DataServiceVersion: 3.0\r\n");
            sb.Append("x-ms-version: ").Append(serviceVersion).Append("\r\n");
            sb.Append("Content-ID: ").Append(contentId++.ToString(CultureInfo.InvariantCulture)).Append("\r\n");
            if (ifMatch is { } etag)
            {
                sb.Append("If-Match: ").Append(etag.ToString()).Append("\r\n");
            }

            if (hasBody)
            {
                sb.Append("Prefer: return-no-content\r\n");
                sb.Append("Content-Type: application/json\r\n\r\n");
                sb.Append(Encoding.UTF8.GetString(TableEntitySerializer.Serialize(action.Entity))).Append("\r\n");
            }
            else
            {
                sb.Append("\r\n");
            }
        }

        sb.Append("--").Append(changeset).Append("--\r\n");
        sb.Append("--").Append(batchBoundary).Append("--\r\n");
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    /// <summary>
    /// A rejected changeset answers 202 with one failed inner response; its message starts with the
    /// index of the action that failed ("0:...").
    /// </summary>
    public static void ThrowIfFailed(Response response, string table)
    {
        var body = response.Content.ToString();
        foreach (Match status in StatusLine().Matches(body))
        {
            var code = int.Parse(status.Groups[1].Value, CultureInfo.InvariantCulture);
            if (code < 400)
            {
                continue;
            }

            var jsonStart = body.IndexOf('{', status.Index);
            var (errorCode, message) = jsonStart < 0
                ? (null, null)
                : StorageErrors.ReadError(Encoding.UTF8.GetBytes(JsonObjectAt(body, jsonStart)));
            int? index = null;
            if (message is not null && IndexPrefix().Match(message) is { Success: true } m)
            {
                index = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            }

            throw new TableTransactionFailedException(
                code,
                $"Transaction on {table} was rejected: {code} ({errorCode}){(index is null ? string.Empty : $" at action {index}")}; nothing was applied.",
                errorCode,
                index);
        }
    }

    private static string EntityPath(string table, TableTransactionAction action) =>
        TableKeys.EntityPath(table, action.Entity.PartitionKey, action.Entity.RowKey);

    private static ETag OrAll(ETag etag) => etag == default ? ETag.All : etag;

    private static string JsonObjectAt(string text, int start)
    {
        var depth = 0;
        var inString = false;
        for (var i = start; i < text.Length; i++)
        {
            var c = text[i];
            if (inString)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == '"')
                {
                    inString = false;
                }
            }
            else if (c == '"')
            {
                inString = true;
            }
            else if (c == '{')
            {
                depth++;
            }
            else if (c == '}' && --depth == 0)
            {
                return text[start..(i + 1)];
            }
        }

        return text[start..];
    }

    [GeneratedRegex(@"HTTP/1\.1 (\d{3})")]
    private static partial Regex StatusLine();

    [GeneratedRegex(@"^(\d+):")]
    private static partial Regex IndexPrefix();
}
