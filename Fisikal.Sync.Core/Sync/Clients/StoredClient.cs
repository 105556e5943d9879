using Azure.Data.Tables;
using Fisikal.Sync.Core.Sync.Packages;

namespace Fisikal.Sync.Core.Sync.Clients;

/// <summary>A client as <see cref="ClientStore"/> reads it back: what the sync's other steps decide on.</summary>
public sealed record StoredClient(string Id, string? HomeLocationId, bool IsActive, bool IsDeleted)
{
    /// <summary>The client as a member whose packages or visits to refresh.</summary>
    public MemberRef Ref => new(Id, HomeLocationId);

    internal static StoredClient Of(TableEntity row) => new(
        row.RowKey,
        row.GetString(ClientColumns.HomeLocationId) is { Length: > 0 } home ? home : null,
        row.GetString(ClientColumns.Status) == ClientColumns.Active && row.GetBoolean(ClientColumns.Deleted) != true,
        row.GetBoolean(ClientColumns.Deleted) == true);
}
