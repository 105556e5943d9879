using Fisikal.Sync.Core.Sync;

namespace Fisikal.Sync.Functions.Hosting;

/// <summary>
/// Every function the app serves, with the bindings its <c>function.json</c> declares. The folders under
/// <c>functions/</c> are checked against this list by a test, and the custom handler dispatches by it.
/// </summary>
public static class FunctionCatalog
{
    /// <summary>The one timer under the Functions host: each minute it runs what is due on each integration's own schedules.</summary>
    public const string SchedulerFunction = "Scheduler";

    /// <summary>The app setting the Scheduler's function.json names as its schedule.</summary>
    public const string SchedulerScheduleSetting = "SchedulerSchedule";

    public static IReadOnlyList<HttpFunction> Http { get; } =
    [
        new("InitialSync", "post", "integrations/{integration}/initial-sync", "function"),
        new("SyncRun", "get", "integrations/{integration}/sync-runs/{runId}", "function"),
        new("Catalog", "get", "integrations/{integration}/catalog", "function"),
        new("Login", "post", "auth/login", "anonymous"),
        new("MemberToken", "post", "auth/member-token", "anonymous"),
        new("Credentials", "put", "auth/credentials/{userName}", "function"),
        new("PerfectGymNextWebhook", "post", "webhooks/perfectgym-next", "anonymous"),
        new("Status", "get", "status.json", "function"),
        new("StatusPage", "get", "status", "function"),
        new("Resync", "post", "integrations/{integration}/members/{memberId}/resync", "function"),
        new("Health", "get", "health", "anonymous"),
    ];

    /// <summary>Queue functions: name and queue (their classes implement <see cref="IQueueFunction"/>).</summary>
    public static IReadOnlyList<(string Name, string Queue)> Queues { get; } =
    [
        ("MemberPages", QueueNames.MemberPages),
        ("MemberPackages", QueueNames.MemberPackages),
        ("MemberVisits", QueueNames.MemberVisits),
        ("MemberEvents", QueueNames.MemberEvents),
        ("ScheduleOccurrences", QueueNames.ScheduleOccurrences),
    ];

    public static IEnumerable<string> AllNames =>
        Http.Select(f => f.Name).Concat(Queues.Select(q => q.Name)).Append(SchedulerFunction);
}
