using System.Text.Json;
using System.Text.Json.Serialization;

namespace Fisikal.Sync.Core.Sources.Json;

/// <summary>Reads <see cref="IsoDateTime"/>'s forms (offset or zoned) as UTC; writes ISO-8601 with its offset.</summary>
public sealed class IsoDateTimeConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String && IsoDateTime.TryParse(reader.GetString(), out var utc)
            ? utc
            : throw new JsonException("Expected an ISO-8601 date-time with an offset, e.g. 2023-12-03T10:15:30+01:00 or 2022-06-15T23:59:59.999+02:00[Europe/Berlin].");

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
}
