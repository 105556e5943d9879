using System.Globalization;

namespace Fisikal.Sync.Core.Sources.Gladstone;

/// <summary>The door-access cursor: the time of the latest access read, and the ids read within the overlap before it.</summary>
public static class AccessCursor
{
    public static (DateTimeOffset? Latest, IReadOnlySet<string> Seen) Parse(string? cursor)
    {
        if (string.IsNullOrEmpty(cursor))
        {
            return (null, new HashSet<string>(StringComparer.Ordinal));
        }

        var parts = cursor.Split('|', 2);
        var latest = DateTimeOffset.TryParse(parts[0], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : (DateTimeOffset?)null;
        var seen = parts.Length > 1 ? parts[1].Split(',', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal) : [];
        return (latest, seen);
    }

    public static string Format(DateTimeOffset latest, IEnumerable<string> seen) =>
        latest.UtcDateTime.ToString("O", CultureInfo.InvariantCulture) + "|" + string.Join(',', seen.Distinct(StringComparer.Ordinal));
}
