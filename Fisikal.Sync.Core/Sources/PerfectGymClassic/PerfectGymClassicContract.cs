namespace Fisikal.Sync.Core.Sources.PerfectGymClassic;

/// <summary>A PGM contract (OData v2.2 <c>Contracts</c>): a member's payment plan with its dates and status; <c>isDeleted</c> as the v1 docs list it.</summary>
public sealed record PerfectGymClassicContract(
    long Id,
    long Version,
    long MemberId,
    long PaymentPlanId,
    long? ClubId,
    string? Status,
    bool? IsActive,
    DateTimeOffset? StartDate,
    DateTimeOffset? EndDate,
    DateTimeOffset? CancelDate,
    bool IsDeleted = false);
