namespace Fisikal.Sync.Core.Sources.Gladstone;

/// <summary>A Plus 2 member, with the fields seed 001 uses.</summary>
public sealed record GladstoneMemberRecord(string MemberId, string? FirstName, string? LastName, string? Email, DateOnly? DateOfBirth, string? SiteId, string StatusId, bool IsDeleted);
