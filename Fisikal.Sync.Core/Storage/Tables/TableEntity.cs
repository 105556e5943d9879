using System.Collections;
using Azure;

namespace Fisikal.Sync.Core.Storage.Tables;

/// <summary>
/// One entity: its keys, ETag and typed properties (string, bool, int, long, double, Guid,
/// DateTimeOffset, byte[]). Property names are case-sensitive, as in the service.
/// </summary>
public sealed class TableEntity : IEnumerable<KeyValuePair<string, object>>
{
    private readonly Dictionary<string, object> _properties = new(StringComparer.Ordinal);

    public TableEntity(string partitionKey, string rowKey)
    {
        PartitionKey = partitionKey;
        RowKey = rowKey;
    }

    public string PartitionKey { get; }

    public string RowKey { get; }

    public ETag ETag { get; set; }

    public DateTimeOffset? Timestamp { get; set; }

    public int Count => _properties.Count;

    public IEnumerable<string> Keys => _properties.Keys;

    /// <summary>Sets a property; null removes it (the service stores no nulls).</summary>
    public object? this[string name]
    {
        get => _properties.GetValueOrDefault(name);
        set
        {
            if (value is null)
            {
                _properties.Remove(name);
            }
            else
            {
                _properties[name] = TableEntitySerializer.Normalize(name, value);
            }
        }
    }

    public bool ContainsKey(string name) => _properties.ContainsKey(name);

    public string? GetString(string name) => _properties.GetValueOrDefault(name) as string;

    public bool? GetBoolean(string name) => _properties.GetValueOrDefault(name) as bool?;

    public int? GetInt32(string name) => _properties.GetValueOrDefault(name) switch
    {
        int i => i,
        long l when l is >= int.MinValue and <= int.MaxValue => (int)l,
        _ => null,
    };

    public long? GetInt64(string name) => _properties.GetValueOrDefault(name) switch
    {
        long l => l,
        int i => i,
        _ => null,
    };

    public double? GetDouble(string name) => _properties.GetValueOrDefault(name) switch
    {
        double d => d,
        int i => i,
        long l => l,
        _ => null,
    };

    public Guid? GetGuid(string name) => _properties.GetValueOrDefault(name) as Guid?;

    public DateTimeOffset? GetDateTimeOffset(string name) => _properties.GetValueOrDefault(name) as DateTimeOffset?;

    public byte[]? GetBinary(string name) => _properties.GetValueOrDefault(name) as byte[];

    public IEnumerator<KeyValuePair<string, object>> GetEnumerator() => _properties.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
