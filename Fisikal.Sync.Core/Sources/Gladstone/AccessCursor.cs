using System.Globalization;
using System.Text;

namespace Fisikal.Sync.Core.Sources.Gladstone;

/// <summary>
/// The door-access cursor: the time of the latest access read, and the ids read within the overlap before it, newest
/// first, as many as fit in <see cref="MaxLength"/> characters however busy the overlap was (a cursor is one table
/// property: 64 KiB at most in Azure, which Azurite does not enforce). An id left out is read again if the overlap brings
/// it back: its door access is the same row again (keyed by its id) and attendance is set once, so that costs a write.
/// </summary>
public static class AccessCursor
{
    /// <summary>At most this many characters: a third of the 32,768 UTF-16 characters a property may hold.</summary>
    public const int MaxLength = 10_000;

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

    /// <param name="newestFirst">The ids read within the overlap, the newest first: the ones kept when not all fit.</param>
    public static string Format(DateTimeOffset latest, IEnumerable<string> newestFirst)
    {
        ArgumentNullException.ThrowIfNull(newestFirst);
        var cursor = new StringBuilder(latest.UtcDateTime.ToString("O", CultureInfo.InvariantCulture)).Append('|');
        var first = true;
        foreach (var id in newestFirst.Distinct(StringComparer.Ordinal))
        {
            if (cursor.Length + id.Length + 1 > MaxLength)
            {
                break;
            }

            cursor.Append(first ? string.Empty : ",").Append(id);
            first = false;
        }

        return cursor.ToString();
    }
}
