namespace Fisikal.Sync.Core.Storage;

/// <summary>
/// Free text a table column holds (an error, a notification's message): capped far under the 64 KiB (32,768 UTF-16
/// characters) Azure allows a property, which Azurite does not enforce, so a huge failure text (a whole SOAP fault page,
/// say) never makes the write that records it fail.
/// </summary>
public static class TableText
{
    public const int MaxLength = 4000;

    public static string Cap(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length <= MaxLength)
        {
            return text;
        }

        var cut = MaxLength - 1;
        if (char.IsHighSurrogate(text[cut - 1]))
        {
            cut--; // never half a character
        }

        return string.Concat(text.AsSpan(0, cut), "…");
    }
}
