using Fisikal.Sync.Core.Sync.Packages;

namespace Fisikal.Sync.Core.Sync.Access;

/// <summary>"Read these members' recent visits": the body of a <c>sync-member-visits</c> message.</summary>
public sealed record MemberVisitsMessage(string Integration, IReadOnlyList<MemberRef> Members, string Reason);
