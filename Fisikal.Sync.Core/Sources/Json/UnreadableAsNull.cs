using System.Text.Json;
using System.Text.Json.Serialization;

namespace Fisikal.Sync.Core.Sources.Json;

/// <summary>
/// For a field the sync does not need: a value that can't be read becomes null instead of making the whole
/// record malformed. Put it on the property (<c>[JsonConverter(typeof(UnreadableAsNull&lt;DateTimeOffset?&gt;))]</c>);
/// fields the sync needs stay strict, so their failures name the field and quarantine the record.
/// </summary>
public sealed class UnreadableAsNull<T> : JsonConverter<T>
{
    public override bool HandleNull => true;

    public override T? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var element = JsonElement.ParseValue(ref reader);
        try
        {
            return element.Deserialize<T>(options);
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException)
        {
            return default;
        }
    }

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
        JsonSerializer.Serialize(writer, value, options);
}
