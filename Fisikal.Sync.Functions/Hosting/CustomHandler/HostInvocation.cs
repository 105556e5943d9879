using System.Globalization;
using System.Text.Json;

namespace Fisikal.Sync.Functions.Hosting.CustomHandler;

/// <summary>
/// What the Functions host POSTs to a custom handler: <c>{"Data": {...}, "Metadata": {...}}</c>. Strings
/// arrive JSON-encoded a second time (the host serializes them again), numbers in metadata as strings.
/// </summary>
public sealed class HostInvocation
{
    private HostInvocation(JsonElement data, JsonElement metadata)
    {
        Data = data;
        Metadata = metadata;
    }

    public JsonElement Data { get; }

    public JsonElement Metadata { get; }

    public static HostInvocation Parse(JsonElement body) => new(Property(body, "Data"), Property(body, "Metadata"));

    /// <summary>A property by name, ignoring case (the host writes PascalCase; nothing is lost by being lenient).</summary>
    public static JsonElement Property(JsonElement element, string name)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return default;
        }

        foreach (var property in element.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value;
            }
        }

        return default;
    }

    /// <summary>The text of a binding's value: a twice-encoded string is decoded once more; an object is its JSON.</summary>
    public string? Text(string binding)
    {
        var value = Property(Data, binding);
        if (value.ValueKind == JsonValueKind.Undefined)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            return value.GetRawText();
        }

        var text = value.GetString()!;
        if (text.Length >= 2 && text[0] == '"')
        {
            try
            {
                return JsonSerializer.Deserialize<string>(text);
            }
            catch (JsonException)
            {
                // A string that only starts with a quote: take it as it is.
            }
        }

        return text;
    }

    /// <summary>A metadata value as a number ("DequeueCount": "1").</summary>
    public long? Number(string name)
    {
        var value = Property(Metadata, name);
        return value.ValueKind switch
        {
            JsonValueKind.Number => value.GetInt64(),
            JsonValueKind.String when long.TryParse(value.GetString()!.Trim('"'), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) => n,
            _ => null,
        };
    }

    /// <summary>A metadata value as a date ("InsertionTime": "2026-11-22T03:58:31+00:00", dates are kept as dates by the host).</summary>
    public DateTimeOffset? Date(string name)
    {
        var value = Property(Metadata, name);
        return value.ValueKind == JsonValueKind.String
               && DateTimeOffset.TryParse(value.GetString()!.Trim('"'), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date)
            ? date
            : null;
    }

    public JsonElement Binding(string binding) => Property(Data, binding);
}
