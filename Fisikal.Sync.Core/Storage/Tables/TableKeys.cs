using System.Text;
using System.Text.RegularExpressions;

namespace Fisikal.Sync.Core.Storage.Tables;

/// <summary>Validation of table names and entity keys, and their escaping in addresses and filters.</summary>
public static partial class TableKeys
{
    /// <summary>Keys are strings of at most 1 KiB (UTF-16, so 512 characters).</summary>
    public const int MaxKeyLength = 512;

    public static void ValidateTableName(string tableName)
    {
        ArgumentNullException.ThrowIfNull(tableName);
        if (!TableNamePattern().IsMatch(tableName) || tableName.Equals("tables", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException(
                $"'{tableName}' is not a valid table name: 3-63 letters and digits, starting with a letter.", nameof(tableName));
        }
    }

    /// <summary>Whether a value can be a PartitionKey or RowKey (1 KiB at most; no / \ # ? or control characters).</summary>
    public static bool IsValidKey(string? value) =>
        value is not null && value.Length <= MaxKeyLength && !value.Any(c => c is '/' or '\\' or '#' or '?' || char.IsControl(c));

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

    /// <summary>The entity address segment <c>Table(PartitionKey='..',RowKey='..')</c>, escaped for a URL path.</summary>
    public static string EntityPath(string tableName, string partitionKey, string rowKey) =>
        $"{tableName}(PartitionKey='{EscapeKey(partitionKey)}',RowKey='{EscapeKey(rowKey)}')";

    /// <summary>A string literal for an OData $filter: quotes doubled.</summary>
    public static string Quote(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    private static string EscapeKey(string key) => Uri.EscapeDataString(key.Replace("'", "''", StringComparison.Ordinal));

    private static string Sanitize(string value)
    {
        var sb = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            sb.Append(char.IsControl(c) ? '?' : c);
        }

        return sb.ToString();
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{2,62}$")]
    private static partial Regex TableNamePattern();
}
