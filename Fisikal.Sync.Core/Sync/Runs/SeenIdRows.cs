using System.Text;

namespace Fisikal.Sync.Core.Sync.Runs;

/// <summary>
/// Packs member ids into comma-separated strings that each fit Table Storage's limit of 64 KiB a string property
/// (UTF-16, so 32,768 characters; a margin is kept), one string a row, and rows into transactions under 4 MiB.
/// </summary>
public static class SeenIdRows
{
    /// <summary>Characters a row's Ids may hold: 60,000 bytes in UTF-16.</summary>
    public const int MaxChars = 30_000;

    /// <summary>Rows an entity group transaction takes: 50 rows of at most 60 KB stay well under its 4 MiB.</summary>
    public const int RowsPerTransaction = 50;

    public static IReadOnlyList<string> Pack(IEnumerable<string> ids)
    {
        var rows = new List<string>();
        var row = new StringBuilder();
        foreach (var id in ids)
        {
            if (id.Length + 1 > MaxChars)
            {
                throw new ArgumentException($"A member id of {id.Length} characters can't be recorded.", nameof(ids));
            }

            if (row.Length > 0 && row.Length + 1 + id.Length > MaxChars)
            {
                rows.Add(row.ToString());
                row.Clear();
            }

            row.Append(row.Length > 0 ? "," : string.Empty).Append(id);
        }

        if (row.Length > 0)
        {
            rows.Add(row.ToString());
        }

        return rows;
    }

    public static IEnumerable<string> Unpack(string? row) => (row ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries);
}
