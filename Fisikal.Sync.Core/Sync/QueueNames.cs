namespace Fisikal.Sync.Core.Sync;

/// <summary>The queues the functions fan out over; each has a <c>-poison</c> twin for messages that kept failing.</summary>
public static class QueueNames
{
    /// <summary>One message per page of members to read and write as clients.</summary>
    public const string MemberPages = "sync-member-pages";

    /// <summary>One message per chunk of members whose purchases to read and write as client packages.</summary>
    public const string MemberPackages = "sync-member-packages";

    public static IReadOnlyList<string> All { get; } = [MemberPages, MemberPackages];

    public static string Poison(string queue) => queue + "-poison";
}
