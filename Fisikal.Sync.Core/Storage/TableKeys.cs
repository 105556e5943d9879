using System.Text;

namespace Fisikal.Sync.Core.Storage;

/// <summary>
/// Entity keys: what the service accepts (checked before a write, so a bad key from a club system is quarantined with
/// its reason instead of failing a whole batch), and string literals for OData filters.
/// </summary>
public static class TableKeys
{
    /// <summary>Keys are strings of at most 1 KiB (UTF-16, so 512 characters).</summary>
    public const int MaxKeyLength = 512;

    /// <summary>Whether a value can be a PartitionKey or RowKey (1 KiB at most; no / \ # ? or control characters).</summary>
    public static bool IsValidKey(string? value) =>
        value is not null && value.Length <= MaxKeyLength && !value.Any(c => c is '/' or '\\' or '#' or '?' || char.IsControl(c));

    /// <summary>
    /// The longest source id taken into a key: half a key, so the prefixes it is joined with (the integration's name, a
    /// purchase kind, a day) always fit.
    /// </summary>
    public const int MaxSourceIdLength = MaxKeyLength / 2;

    /// <summary>Whether a source's id can become (part of) a key: <see cref="IsValidKey"/> and at most <see cref="MaxSourceIdLength"/> characters.</summary>
    public static bool IsValidSourceId(string? value) => IsValidKey(value) && value!.Length is > 0 and <= MaxSourceIdLength;

    /// <summary>Throws <see cref="ArgumentException"/> naming the key and the rule it breaks.</summary>
    public static void ValidateKey(string? value, string keyName)
    {
        if (value is null)
        {
            throw new ArgumentException($"{keyName} is required.", keyName);
        }

        if (value.Length > MaxKeyLength)
        {
            throw new ArgumentException($"{keyName} is longer than {MaxKeyLength} characters.", keyName);
        }

        foreach (var c in value)
        {
            if (c is '/' or '\\' or '#' or '?' || char.IsControl(c))
            {
                var shown = char.IsControl(c) ? $"U+{(int)c:X4}" : c.ToString();
                throw new ArgumentException(
                    $"{keyName} '{Sanitize(value)}' contains '{shown}'; keys may not contain / \\ # ? or control characters.", keyName);
            }
        }
    }

    /// <summary>A string literal for an OData $filter: quotes doubled.</summary>
    public static string Quote(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    private static string Sanitize(string value)
    {
        var sb = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            sb.Append(char.IsControl(c) ? '?' : c);
        }

        return sb.ToString();
    }
}
