using System.Globalization;
using Azure.Data.Tables;
using Fisikal.Sync.Core.Storage;
using Fisikal.Sync.Core.Sync;

namespace Fisikal.Sync.LocalRun;

/// <summary>What the tables hold for one integration after a run.</summary>
public sealed record RunSummary(int Clients, int ActiveClients, int ClientPackages, int DoorAccesses, int Notifications)
{
    public static async Task<RunSummary> ReadAsync(TableServiceClient tables, string integration, CancellationToken cancellationToken = default)
    {
        var clients = await CountAsync(tables, TableNames.Clients, $"PartitionKey eq {TableKeys.Quote(integration)}", cancellationToken);
        var active = await CountAsync(tables, TableNames.Clients, $"PartitionKey eq {TableKeys.Quote(integration)} and Status eq 'Active'", cancellationToken);

        // ClientPackages and DoorAccess partitions are "{integration}:..." : a key range.
        var range = $"PartitionKey ge {TableKeys.Quote(integration + ":")} and PartitionKey lt {TableKeys.Quote(integration + ";")}";
        return new RunSummary(
            clients,
            active,
            await CountAsync(tables, TableNames.ClientPackages, range, cancellationToken),
            await CountAsync(tables, TableNames.DoorAccess, range, cancellationToken),
            await CountAsync(tables, TableNames.Notifications, $"PartitionKey eq {TableKeys.Quote(integration)}", cancellationToken));
    }

    public void Print(string integration, int customersAtClub, int membersAtClub)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""

            Summary for integration '{integration}' (the simulated club has {customersAtClub} customers, {membersAtClub} of them members):
              clients:         {Clients} ({ActiveClients} active, {Clients - ActiveClients} inactive)
              client packages: {ClientPackages}
              door accesses:   {DoorAccesses}
              notifications:   {Notifications}
            """));
    }

    private static async Task<int> CountAsync(TableServiceClient tables, string table, string filter, CancellationToken cancellationToken)
    {
        var count = 0;
        await foreach (var _ in tables.GetTableClient(table).QueryColumnsAsync(filter, ["RowKey"], cancellationToken: cancellationToken))
        {
            count++;
        }

        return count;
    }
}
