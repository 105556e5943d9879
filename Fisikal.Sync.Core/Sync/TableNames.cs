namespace Fisikal.Sync.Core.Sync;

/// <summary>The tables of the data contract (DESIGN.md, README): names other systems read.</summary>
public static class TableNames
{
    public const string Clients = "Clients";
    public const string ClientPackages = "ClientPackages";
    public const string Packages = "Packages";
    public const string Locations = "Locations";
    public const string DoorAccess = "DoorAccess";
    public const string Bookings = "Bookings";
    public const string SyncCheckpoints = "SyncCheckpoints";
    public const string SyncRuns = "SyncRuns";
    public const string Notifications = "Notifications";

    /// <summary>Ours, not part of the contract: the shared rate budgets (see <see cref="Budgets.TableRateBudget"/>).</summary>
    public const string RateBudgets = "RateBudgets";

    /// <summary>Ours: webhook event uuids seen, by integration and hour, to drop repeats.</summary>
    public const string WebhookEvents = "WebhookEvents";

    public static IReadOnlyList<string> All { get; } =
        [Clients, ClientPackages, Packages, Locations, DoorAccess, Bookings, SyncCheckpoints, SyncRuns, Notifications, RateBudgets, WebhookEvents];
}
