using System.Text.Json;

namespace Fisikal.Sync.Core.Sources.Json;

/// <summary>Why a record could not be read, naming the field (from the serializer's JSON path) so an operator can find it.</summary>
public static class RecordReadError
{
    public static string Describe(string endpoint, JsonException ex)
    {
        ArgumentNullException.ThrowIfNull(ex);
        var field = ex.Path is { Length: > 2 } path && path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : null;
        var message = ex.Message.Split(" Path:", 2)[0];
        return field is null ? $"{endpoint}: {message}" : $"{endpoint}: field '{field}' can't be read: {message}";
    }
}
