namespace Fisikal.Sync.Core.Sync.InitialSync;

/// <summary>"Read the page of members after <see cref="Cursor"/> for run <see cref="RunId"/>": the body of a <c>sync-member-pages</c> message.</summary>
public sealed record MemberPageMessage(string Integration, string RunId, string? Cursor);
