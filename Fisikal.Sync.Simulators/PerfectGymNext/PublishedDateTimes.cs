using System.Globalization;

namespace Fisikal.Sync.Simulators.PerfectGymNext;

/// <summary>
/// Date-times as the Open API reference shows them, in the studio's own zone (Europe/Berlin, as the reference's
/// examples): a customer's <c>createdDateTime</c> in Java's zoned form (<c>2022-06-15T23:59:59.999+02:00[Europe/Berlin]</c>),
/// check-ins with an offset (<c>2023-12-03T10:15:30+01:00</c>). Never UTC with a Z: a client must read what a real club sends.
/// </summary>
public static class PublishedDateTimes
{
    public const string ZoneId = "Europe/Berlin";

    private static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById(ZoneId);

    public static string Zoned(DateTimeOffset instant) =>
        Local(instant).ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture) + "[" + ZoneId + "]";

    public static string WithOffset(DateTimeOffset instant) =>
        Local(instant).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    /// <summary>The studio's calendar date at <paramref name="instant"/>: what the API's <c>fromDate</c>/<c>toDate</c> count in.</summary>
    public static DateOnly StudioDate(DateTimeOffset instant) => DateOnly.FromDateTime(Local(instant).DateTime);

    private static DateTimeOffset Local(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Zone);
}
