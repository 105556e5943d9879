using System.Globalization;

namespace Fisikal.Sync.Core.Sources.Json;

/// <summary>
/// ISO-8601 date-times as PerfectGym Next sends them: with an offset (<c>2023-12-03T10:15:30+01:00</c>, or <c>Z</c>)
/// or in Java's zoned form, the offset followed by a zone id (<c>2022-06-15T23:59:59.999+02:00[Europe/Berlin]</c>).
/// The offset fixes the instant, so the zone id only matters when the offset is missing; then the zone decides.
/// A local time with neither is ambiguous and is refused. The result is always UTC.
/// </summary>
public static class IsoDateTime
{
    private static readonly string[] WithOffset =
    [
        "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd'T'HH:mmK",
    ];

    private static readonly string[] Local =
    [
        "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", "yyyy-MM-dd'T'HH:mm",
    ];

    public static bool TryParse(string? text, out DateTimeOffset utc)
    {
        utc = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var value = text.AsSpan().Trim();
        string? zoneId = null;
        if (value.EndsWith("]"))
        {
            var open = value.LastIndexOf('[');
            if (open < 0)
            {
                return false;
            }

            zoneId = value[(open + 1)..^1].ToString();
            value = value[..open];
        }

        if (DateTimeOffset.TryParseExact(value, WithOffset, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed)
            && HasOffset(value))
        {
            utc = parsed.ToUniversalTime();
            return true;
        }

        if (zoneId is null
            || !DateTime.TryParseExact(value, Local, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local)
            || !TryFindZone(zoneId, out var zone))
        {
            return false;
        }

        utc = new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
        return true;
    }

    public static DateTimeOffset Parse(string text) =>
        TryParse(text, out var utc) ? utc : throw new FormatException($"'{text}' is not an ISO-8601 date-time with an offset or a zone.");

    /// <summary>'K' also accepts no offset at all (a local time); only a Z or ±hh:mm after the time counts here.</summary>
    private static bool HasOffset(ReadOnlySpan<char> value)
    {
        var time = value.IndexOf('T');
        return time >= 0 && value[time..].IndexOfAny('Z', '+', '-') >= 0;
    }

    private static bool TryFindZone(string id, out TimeZoneInfo zone)
    {
        try
        {
            zone = TimeZoneInfo.FindSystemTimeZoneById(id);
            return true;
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            zone = TimeZoneInfo.Utc;
            return false;
        }
    }
}
