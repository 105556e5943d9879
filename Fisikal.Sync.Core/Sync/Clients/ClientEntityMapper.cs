using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Fisikal.Sync.Core.Sources;
using Azure.Data.Tables;
using Fisikal.Sync.Core.Storage;

namespace Fisikal.Sync.Core.Sync.Clients;

/// <summary>A source member as a <c>Clients</c> row: PartitionKey the integration, RowKey the member id (the Alt_ID).</summary>
public static class ClientEntityMapper
{
    public static TableEntity ToEntity(string integration, SourceMember member, bool active, string? homeLocationId, DateTimeOffset syncedAt)
    {
        var entity = new TableEntity(integration, member.Id)
        {
            [ClientColumns.FirstName] = member.FirstName ?? string.Empty,
            [ClientColumns.LastName] = member.LastName ?? string.Empty,
            [ClientColumns.Email] = member.Email ?? string.Empty,
            [ClientColumns.DateOfBirth] = member.DateOfBirth?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? string.Empty,
            [ClientColumns.HomeLocationId] = homeLocationId ?? string.Empty,
            [ClientColumns.HomeClubNumber] = member.HomeClubNumber ?? string.Empty,
            [ClientColumns.Status] = active ? ClientColumns.Active : ClientColumns.Inactive,
            [ClientColumns.Deleted] = member.Deleted,
            [ClientColumns.SourceStatus] = member.SourceStatus,
            [ClientColumns.SourceCreatedAt] = member.CreatedAt,
        };
        entity[ClientColumns.ContentHash] = ContentHash(entity);
        entity[ClientColumns.SyncedAt] = syncedAt;
        return entity;
    }

    /// <summary>A hash of what the source says of the client, so an unchanged client need not be written.</summary>
    public static string ContentHash(TableEntity entity)
    {
        var sb = new StringBuilder();
        foreach (var column in new[]
                 {
                     ClientColumns.FirstName, ClientColumns.LastName, ClientColumns.Email, ClientColumns.DateOfBirth,
                     ClientColumns.HomeLocationId, ClientColumns.HomeClubNumber, ClientColumns.Status, ClientColumns.Deleted,
                     ClientColumns.SourceStatus, ClientColumns.SourceCreatedAt,
                 })
        {
            var value = entity[column] switch
            {
                DateTimeOffset d => d.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
                IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                var v => v?.ToString(),
            };
            sb.Append(column).Append('=').Append(value).Append('\u001f');
        }

        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(sb.ToString())))[..32];
    }
}
