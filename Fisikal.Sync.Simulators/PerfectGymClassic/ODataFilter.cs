using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Fisikal.Sync.Simulators.PerfectGymClassic;

/// <summary>
/// The part of OData's <c>$filter</c> a sync sends: comparisons (<c>eq ne gt ge lt le</c>) of a property with a
/// number, a 'string', true/false/null or a date-time literal, joined by <c>and</c>. Anything else is refused,
/// so a client that sends more than this finds out here rather than against a real club.
/// </summary>
public sealed partial class ODataFilter
{
    private readonly List<(string Property, string Op, JsonNode? Value)> _clauses;

    private ODataFilter(List<(string, string, JsonNode?)> clauses)
    {
        _clauses = clauses;
    }

    public IEnumerable<string> Properties => _clauses.Select(c => c.Property);

    /// <exception cref="FormatException">The filter uses what this subset does not understand.</exception>
    public static ODataFilter Parse(string? filter)
    {
        var clauses = new List<(string, string, JsonNode?)>();
        if (string.IsNullOrWhiteSpace(filter))
        {
            return new ODataFilter(clauses);
        }

        foreach (var part in AndSplit().Split(filter.Trim()))
        {
            var match = Clause().Match(part.Trim());
            if (!match.Success)
            {
                throw new FormatException($"The query specified in the URI is not valid: '{part}' is not a comparison this API supports.");
            }

            clauses.Add((match.Groups["property"].Value, match.Groups["op"].Value.ToLowerInvariant(), Literal(match.Groups["value"].Value)));
        }

        return new ODataFilter(clauses);
    }

    public bool Matches(JsonObject row) => _clauses.All(c => Compare(row.TryGetPropertyValue(c.Property, out var value) ? value : null, c.Op, c.Value));

    private static bool Compare(JsonNode? left, string op, JsonNode? right)
    {
        if (left is null || right is null)
        {
            return op switch { "eq" => left is null && right is null, "ne" => !(left is null && right is null), _ => false };
        }

        var order = (left.GetValueKind(), right.GetValueKind()) switch
        {
            (JsonValueKind.Number, JsonValueKind.Number) => Number(left).CompareTo(Number(right)),
            (JsonValueKind.True or JsonValueKind.False, JsonValueKind.True or JsonValueKind.False) => left.GetValue<bool>().CompareTo(right.GetValue<bool>()),
            (JsonValueKind.String, JsonValueKind.String) when DateTimeOffset.TryParse(left.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var l)
                                                            && DateTimeOffset.TryParse(right.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var r) => l.CompareTo(r),
            (JsonValueKind.String, JsonValueKind.String) => string.CompareOrdinal(left.GetValue<string>(), right.GetValue<string>()),
            _ => throw new FormatException($"A {left.GetValueKind()} can't be compared with a {right.GetValueKind()}."),
        };
        return op switch
        {
            "eq" => order == 0,
            "ne" => order != 0,
            "gt" => order > 0,
            "ge" => order >= 0,
            "lt" => order < 0,
            _ => order <= 0,
        };
    }

    private static decimal Number(JsonNode node) => decimal.Parse(node.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);

    private static JsonNode? Literal(string text)
    {
        if (text.StartsWith('\'') && text.EndsWith('\'') && text.Length >= 2)
        {
            return JsonValue.Create(text[1..^1].Replace("''", "'", StringComparison.Ordinal));
        }

        if (text is "null")
        {
            return null;
        }

        if (text is "true" or "false")
        {
            return JsonValue.Create(text == "true");
        }

        if (decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var number))
        {
            return JsonValue.Create(number);
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date))
        {
            return JsonValue.Create(date.ToString("O", CultureInfo.InvariantCulture));
        }

        throw new FormatException($"'{text}' is not a literal this API understands.");
    }

    [GeneratedRegex(@"\s+and\s+", RegexOptions.IgnoreCase)]
    private static partial Regex AndSplit();

    [GeneratedRegex(@"^(?<property>[A-Za-z][A-Za-z0-9]*)\s+(?<op>eq|ne|gt|ge|lt|le)\s+(?<value>'(?:[^']|'')*'|\S+)$", RegexOptions.IgnoreCase)]
    private static partial Regex Clause();
}
