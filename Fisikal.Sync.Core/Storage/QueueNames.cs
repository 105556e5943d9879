namespace Fisikal.Sync.Core.Storage;

/// <summary>The queues the functions fan out over; each has a <c>-poison</c> twin for messages that kept failing.</summary>
public static class QueueNames
{
    /// <summary>One message per page of members to read and write as clients.</summary>
    public const string MemberPages = "sync-member-pages";

    /// <summary>One message per chunk of members whose purchases to read and write as client packages.</summary>
    public const string MemberPackages = "sync-member-packages";

    /// <summary>One message per chunk of members whose recent visits to read as door access (and attendance).</summary>
    public const string MemberVisits = "sync-member-visits";

    /// <summary>One message per PerfectGym Next webhook event received.</summary>
    public const string MemberEvents = "sync-member-events";

    /// <summary>One message per due occurrence of an integration's schedule: each runs on its own, on any instance.</summary>
    public const string ScheduleOccurrences = "sync-schedule-occurrences";

    public static IReadOnlyList<string> All { get; } = [MemberPages, MemberPackages, MemberVisits, MemberEvents, ScheduleOccurrences];

    public static string Poison(string queue) => queue + "-poison";
}
