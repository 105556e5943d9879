using System.Collections;

namespace Fisikal.Sync.Core.Diagnostics;

/// <summary>
/// A logging scope of named values: structured for providers that read them, and printed as
/// <c>Integration=club RunId=...</c> by the console. Only ids go in scopes, never secrets or personal data.
/// </summary>
public sealed class LogScope : IReadOnlyList<KeyValuePair<string, object?>>
{
    private readonly KeyValuePair<string, object?>[] _values;

    private LogScope(KeyValuePair<string, object?>[] values)
    {
        _values = values;
    }

    public int Count => _values.Length;

    public KeyValuePair<string, object?> this[int index] => _values[index];

    public static LogScope Of(params (string Name, object? Value)[] values) =>
        new([.. values.Select(v => new KeyValuePair<string, object?>(v.Name, v.Value))]);

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, object?>>)_values).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => string.Join(' ', _values.Select(v => $"{v.Key}={v.Value}"));
}
