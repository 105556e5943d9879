namespace Fisikal.Sync.Core.Sources.PerfectGymClassic;

/// <summary>A member's product, an add-on (OData v2.2 <c>MemberProducts</c>).</summary>
public sealed record PerfectGymClassicMemberProduct(
    long Id,
    long Version,
    long MemberId,
    long ProductId,
    long? ClubId,
    DateTimeOffset? PurchaseDate,
    DateTimeOffset? ExpiryDate,
    bool IsDeleted);
