using System.Globalization;
using System.Text;

namespace Fisikal.Sync.Core.Budgets;

/// <summary>A budget log as stored: <c>slot:count;slot:count</c>, slots being numbers of a fixed length since the epoch.</summary>
public static class SlidingLog
{
    /// <summary>The log's slots from <paramref name="firstSlot"/> on (older ones have left the span).</summary>
    public static SortedDictionary<long, int> Parse(string? text, long firstSlot)
    {
        var log = new SortedDictionary<long, int>();
        foreach (var entry in (text ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var colon = entry.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0
                && long.TryParse(entry.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out var slot)
                && int.TryParse(entry.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var count)
                && slot >= firstSlot)
            {
                log[slot] = log.GetValueOrDefault(slot) + count;
            }
        }

        return log;
    }

    public static string Format(SortedDictionary<long, int> log)
    {
        var text = new StringBuilder();
        foreach (var (slot, count) in log)
        {
            text.Append(slot.ToString(CultureInfo.InvariantCulture)).Append(':').Append(count.ToString(CultureInfo.InvariantCulture)).Append(';');
        }

        return text.ToString();
    }
}
