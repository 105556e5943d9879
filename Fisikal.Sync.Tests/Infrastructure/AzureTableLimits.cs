using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Fisikal.Sync.Tests.Infrastructure;

/// <summary>
/// Checks table writes on the wire against Azure Table Storage's limits, which Azurite does not enforce: a string or
/// binary property of at most 64 KiB, an entity of at most 1 MiB (sized as Azure documents it) and 252 properties of
/// its own, an entity group transaction of at most 100 operations and 4 MiB. Fed by a proxy in front of Azurite.
/// </summary>
public sealed partial class AzureTableLimits
{
    public const int MaxPropertyBytes = 64 * 1024;
    public const int MaxEntityBytes = 1024 * 1024;
    public const int MaxBatchOperations = 100;
    public const int MaxBatchBytes = 4 * 1024 * 1024;
    public const int MaxOwnProperties = 252;

    private readonly ConcurrentQueue<string> _violations = new();
    private int _entities;
    private int _largestEntity;
    private int _largestProperty;

    public IReadOnlyCollection<string> Violations => _violations;

    public int EntitiesChecked => _entities;

    public int LargestEntityBytes => _largestEntity;

    public int LargestPropertyBytes => _largestProperty;

    /// <summary>One request as the proxy saw it.</summary>
    public void Inspect(string method, string path, byte[] body)
    {
        if (body.Length == 0 || path.Contains("/Tables", StringComparison.Ordinal) || !(method is "POST" or "PUT" or "MERGE" or "PATCH"))
        {
            return;
        }

        var text = Encoding.UTF8.GetString(body);
        if (path.Contains("$batch", StringComparison.Ordinal))
        {
            var operations = RequestLine().Matches(text);
            if (operations.Count > MaxBatchOperations)
            {
                _violations.Enqueue($"a transaction of {operations.Count} operations (at most {MaxBatchOperations})");
            }

            if (body.Length > MaxBatchBytes)
            {
                _violations.Enqueue($"a transaction of {body.Length} bytes (at most {MaxBatchBytes})");
            }

            for (var i = 0; i < operations.Count; i++)
            {
                var end = i + 1 < operations.Count ? operations[i + 1].Index : text.Length;
                var part = text[operations[i].Index..end];
                var json = part.IndexOf('{', StringComparison.Ordinal);
                if (json >= 0 && operations[i].Groups["method"].Value != "DELETE")
                {
                    CheckEntity(operations[i].Groups["url"].Value, part[json..(part.LastIndexOf('}') + 1)]);
                }
            }

            return;
        }

        if (path.Contains("/messages", StringComparison.Ordinal) || text.TrimStart().StartsWith('<'))
        {
            return; // a queue message, not an entity
        }

        CheckEntity(path, text);
    }

    private void CheckEntity(string url, string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var keys = KeysInUrl().Match(Uri.UnescapeDataString(url));
        var partitionKey = root.TryGetProperty("PartitionKey", out var pk) ? pk.GetString()! : keys.Groups["pk"].Value.Replace("''", "'", StringComparison.Ordinal);
        var rowKey = root.TryGetProperty("RowKey", out var rk) ? rk.GetString()! : keys.Groups["rk"].Value.Replace("''", "'", StringComparison.Ordinal);
        var size = 4 + (2 * partitionKey.Length) + (2 * rowKey.Length);
        var own = 0;
        foreach (var property in root.EnumerateObject())
        {
            if (property.Name is "PartitionKey" or "RowKey" or "Timestamp" || property.Name.Contains('@', StringComparison.Ordinal))
            {
                continue;
            }

            own++;
            var type = root.TryGetProperty(property.Name + "@odata.type", out var t) ? t.GetString() : null;
            var valueBytes = ValueBytes(property.Value, type);
            if (valueBytes > MaxPropertyBytes)
            {
                _violations.Enqueue($"{partitionKey}/{rowKey}: property {property.Name} holds {valueBytes} bytes (at most {MaxPropertyBytes})");
            }

            InterlockedMax(ref _largestProperty, valueBytes);
            size += 8 + (2 * property.Name.Length) + valueBytes + (type is null && property.Value.ValueKind == JsonValueKind.String ? 4 : 0);
        }

        if (own > MaxOwnProperties)
        {
            _violations.Enqueue($"{partitionKey}/{rowKey}: {own} properties (at most {MaxOwnProperties})");
        }

        if (size > MaxEntityBytes)
        {
            _violations.Enqueue($"{partitionKey}/{rowKey}: {size} bytes (at most {MaxEntityBytes})");
        }

        InterlockedMax(ref _largestEntity, size);
        Interlocked.Increment(ref _entities);
    }

    /// <summary>A value's size as Azure counts it: UTF-16 for strings, the decoded bytes for binary.</summary>
    private static int ValueBytes(JsonElement value, string? type) => type switch
    {
        "Edm.Binary" => Convert.FromBase64String(value.GetString()!).Length,
        "Edm.DateTime" or "Edm.Int64" or "Edm.Double" => 8,
        "Edm.Guid" => 16,
        "Edm.Int32" => 4,
        "Edm.Boolean" => 1,
        _ => value.ValueKind switch
        {
            JsonValueKind.String => 2 * value.GetString()!.Length,
            JsonValueKind.True or JsonValueKind.False => 1,
            JsonValueKind.Number => value.TryGetInt32(out _) ? 4 : 8,
            _ => 0,
        },
    };

    private static void InterlockedMax(ref int target, int value)
    {
        for (var current = Volatile.Read(ref target); value > current; current = Volatile.Read(ref target))
        {
            if (Interlocked.CompareExchange(ref target, value, current) == current)
            {
                return;
            }
        }
    }

    [GeneratedRegex(@"^(?<method>POST|PUT|MERGE|PATCH|DELETE) (?<url>\S+) HTTP/1\.1", RegexOptions.Multiline)]
    private static partial Regex RequestLine();

    [GeneratedRegex(@"\(PartitionKey='(?<pk>(?:[^']|'')*)',RowKey='(?<rk>(?:[^']|'')*)'\)")]
    private static partial Regex KeysInUrl();
}
