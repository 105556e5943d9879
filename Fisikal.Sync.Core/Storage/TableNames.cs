namespace Fisikal.Sync.Core.Storage;

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

    /// <summary>Platform logins (DESIGN's login contract): PartitionKey <c>platform</c>, RowKey the user name in lower case.</summary>
    public const string Credentials = "Credentials";

    /// <summary>Ours, not part of the contract: the shared rate budgets (see <see cref="Budgets.SlidingRateBudget"/>).</summary>
    public const string RateBudgets = "RateBudgets";

    /// <summary>Ours: webhook event uuids seen, by integration and hour, to drop repeats.</summary>
    public const string WebhookEvents = "WebhookEvents";

    /// <summary>Ours: member-token nonces already used, kept until the token would have expired anyway.</summary>
    public const string MemberTokenNonces = "MemberTokenNonces";

    /// <summary>Ours: which members hold a purchase whose Alt ID has no platform package (per member, per Alt ID).</summary>
    public const string UnmatchedPackages = "UnmatchedPackages";

    /// <summary>Ours: failed logins per user name (hashed) and the lockout they earned.</summary>
    public const string LoginAttempts = "LoginAttempts";

    public static IReadOnlyList<string> All { get; } =
        [Clients, ClientPackages, Packages, Locations, DoorAccess, Bookings, SyncCheckpoints, SyncRuns, Notifications, Credentials, RateBudgets, WebhookEvents, MemberTokenNonces, LoginAttempts, UnmatchedPackages];
}
