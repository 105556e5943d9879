using Azure.Data.Tables;
using Fisikal.Sync.Core.Storage;

namespace Fisikal.Sync.Core.Sync.Notifications;

/// <summary>
/// Configuration mismatches and failures for operators (the <c>Notifications</c> table). A notification's
/// id is derived from what it is about, so raising it again updates one row instead of adding another.
/// </summary>
public sealed class NotificationStore
{
    private readonly SyncStorage _storage;
    private readonly TimeProvider _time;

    public NotificationStore(SyncStorage storage, TimeProvider time)
    {
        _storage = storage;
        _time = time;
    }

    public async Task RaiseAsync(string integration, string id, string kind, string message, IReadOnlyDictionary<string, object>? details = null, CancellationToken cancellationToken = default)
    {
        var entity = new TableEntity(integration, SafeKey(id))
        {
            ["Kind"] = kind,
            ["Message"] = TableText.Cap(message),
            ["LastSeenAt"] = _time.GetUtcNow(),
            ["Open"] = true,
        };
        foreach (var (name, value) in details ?? new Dictionary<string, object>())
        {
            entity[name] = value is string text ? TableText.Cap(text) : value;
        }

        await _storage.Table(TableNames.Notifications).UpsertEntityAsync(entity, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A record that could not be read: quarantined with its reason, one row per record.</summary>
    public Task RaiseMalformedAsync(string integration, Sources.MalformedRecord record, string? runId, CancellationToken cancellationToken = default) =>
        RaiseAsync(
            integration,
            $"malformed:{record.SourceId ?? "unknown"}",
            "MalformedRecord",
            $"Record {record.SourceId ?? "(no id)"} could not be read and was skipped: {record.Reason}",
            new Dictionary<string, object> { ["SourceId"] = record.SourceId ?? string.Empty, ["RunId"] = runId ?? string.Empty },
            cancellationToken);

    /// <summary>
    /// A member's purchase that could not be read: quarantined with its reason, and which of the member's client packages
    /// were therefore left as they are (its own rows, or all of them when its id could not be read).
    /// </summary>
    public Task RaiseMalformedPurchaseAsync(string integration, string memberId, Sources.MalformedPurchase purchase, string? runId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(purchase);
        var record = purchase.Record;
        var kept = purchase.RowKeys is { } keys
            ? $"its client packages ({string.Join(", ", keys)}) were left as they are"
            : "no client package of the member was expired on this read, since its id could not be read";
        return RaiseAsync(
            integration,
            $"malformed:{memberId}:{record.SourceId ?? "unknown"}",
            "MalformedRecord",
            $"A purchase of member {memberId} ({record.SourceId ?? "no id"}) could not be read and was skipped: {record.Reason}; {kept}.",
            new Dictionary<string, object>
            {
                ["SourceId"] = record.SourceId ?? string.Empty,
                ["MemberId"] = memberId,
                ["KeptRows"] = purchase.RowKeys is { } rows ? string.Join(",", rows) : "*",
                ["RunId"] = runId ?? string.Empty,
            },
            cancellationToken);
    }

    /// <summary>
    /// A purchase whose Alt ID has no platform package: one notification per Alt ID, whatever the number of
    /// members (how many hold it is the <see cref="Packages.UnmatchedPackageLedger"/>'s to say).
    /// </summary>
    public Task RaiseUnmatchedPackageAsync(string integration, string altId, CancellationToken cancellationToken = default) =>
        RaiseAsync(
            integration,
            $"unmatched-package:{altId}",
            "UnmatchedPackage",
            $"Members hold '{altId}' at the source, but no package has this Alt ID in Packages: create one with Alt ID '{altId}' to assign it.",
            new Dictionary<string, object> { ["AltId"] = altId },
            cancellationToken);

    /// <summary>A key from any text: characters keys may not hold are replaced.</summary>
    public static string SafeKey(string text)
    {
        var chars = text.Select(c => c is '/' or '\\' or '#' or '?' || char.IsControl(c) ? '_' : c).ToArray();
        var key = new string(chars);
        return key.Length <= TableKeys.MaxKeyLength ? key : key[..TableKeys.MaxKeyLength];
    }
}
