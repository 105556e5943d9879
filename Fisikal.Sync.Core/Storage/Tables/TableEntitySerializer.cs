using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Azure;

namespace Fisikal.Sync.Core.Storage.Tables;

/// <summary>
/// The OData JSON (minimal metadata) form of entities. Types JSON cannot carry are annotated with
/// <c>Name@odata.type</c>: Edm.Int64 (as a string), Edm.DateTime, Edm.Guid, Edm.Binary (base64), Edm.Double.
/// </summary>
internal static class TableEntitySerializer
{
    private const string TypeSuffix = "@odata.type";

    public static object Normalize(string name, object value) => value switch
    {
        string or bool or int or long or double or Guid or byte[] or DateTimeOffset => value,
        DateTime dt => new DateTimeOffset(dt.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(dt, DateTimeKind.Utc) : dt),
        float f => (double)f,
        short s => (int)s,
        byte b => (int)b,
        Enum e => e.ToString(),
        _ => throw new ArgumentException(
            $"Property '{name}' has type {value.GetType().Name}, which tables cannot store " +
            "(use string, bool, int, long, double, Guid, DateTimeOffset or byte[]).", nameof(value)),
    };

    public static byte[] Serialize(TableEntity entity)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("PartitionKey", entity.PartitionKey);
            writer.WriteString("RowKey", entity.RowKey);
            foreach (var (name, value) in entity)
            {
                WriteProperty(writer, name, value);
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    public static TableEntity Deserialize(JsonElement json, ETag? etagHeader = null)
    {
        var entity = new TableEntity(
            json.TryGetProperty("PartitionKey", out var pk) ? pk.GetString() ?? string.Empty : string.Empty,
            json.TryGetProperty("RowKey", out var rk) ? rk.GetString() ?? string.Empty : string.Empty);
        if (json.TryGetProperty("odata.etag", out var etag) && etag.GetString() is { } e)
        {
            entity.ETag = new ETag(e);
        }
        else if (etagHeader is { } header)
        {
            entity.ETag = header;
        }

        foreach (var property in json.EnumerateObject())
        {
            var name = property.Name;
            if (name is "PartitionKey" or "RowKey" || name.StartsWith("odata.", StringComparison.Ordinal) || name.EndsWith(TypeSuffix, StringComparison.Ordinal))
            {
                continue;
            }

            // Timestamp is a known system property: the service does not always annotate it.
            var type = json.TryGetProperty(name + TypeSuffix, out var t) ? t.GetString() : name == "Timestamp" ? "Edm.DateTime" : null;
            var value = ReadValue(property.Value, type);
            if (name == "Timestamp" && value is DateTimeOffset timestamp)
            {
                entity.Timestamp = timestamp;
                continue;
            }

            if (value is not null)
            {
                entity[name] = value;
            }
        }

        return entity;
    }

    private static void WriteProperty(Utf8JsonWriter writer, string name, object value)
    {
        switch (value)
        {
            case string s:
                writer.WriteString(name, s);
                break;
            case bool b:
                writer.WriteBoolean(name, b);
                break;
            case int i:
                writer.WriteNumber(name, i);
                break;
            case long l:
                writer.WriteString(name + TypeSuffix, "Edm.Int64");
                writer.WriteString(name, l.ToString(CultureInfo.InvariantCulture));
                break;
            case double d:
                writer.WriteString(name + TypeSuffix, "Edm.Double");
                if (double.IsFinite(d))
                {
                    writer.WriteNumber(name, d);
                }
                else
                {
                    writer.WriteString(name, double.IsNaN(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity");
                }

                break;
            case Guid g:
                writer.WriteString(name + TypeSuffix, "Edm.Guid");
                writer.WriteString(name, g.ToString("D"));
                break;
            case DateTimeOffset dto:
                writer.WriteString(name + TypeSuffix, "Edm.DateTime");
                writer.WriteString(name, dto.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture));
                break;
            case byte[] bytes:
                writer.WriteString(name + TypeSuffix, "Edm.Binary");
                writer.WriteBase64String(name, bytes);
                break;
            default:
                throw new ArgumentException($"Property '{name}' has an unsupported type {value.GetType().Name}.");
        }
    }

    private static object? ReadValue(JsonElement value, string? type)
    {
        switch (type)
        {
            case "Edm.Int64":
                return long.Parse(value.GetString() ?? "0", CultureInfo.InvariantCulture);
            case "Edm.DateTime":
                return DateTimeOffset.Parse(value.GetString() ?? string.Empty, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
            case "Edm.Guid":
                return Guid.Parse(value.GetString() ?? string.Empty);
            case "Edm.Binary":
                return value.GetBytesFromBase64();
            case "Edm.Double":
                return value.ValueKind == JsonValueKind.String
                    ? double.Parse(value.GetString() ?? "NaN", NumberStyles.Float, CultureInfo.InvariantCulture)
                    : value.GetDouble();
        }

        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Number when value.TryGetInt32(out var i) => i,
            JsonValueKind.Number => value.GetDouble(),
            _ => null,
        };
    }
}
