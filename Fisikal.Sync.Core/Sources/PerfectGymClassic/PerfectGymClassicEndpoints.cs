namespace Fisikal.Sync.Core.Sources.PerfectGymClassic;

/// <summary>The PGM entity sets and calls this connector uses; each is its own endpoint for the rate budget.</summary>
public static class PerfectGymClassicEndpoints
{
    public const string Members = "Members";
    public const string Contracts = "Contracts";
    public const string MemberProducts = "MemberProducts";
    public const string MemberClubVisits = "MemberClubVisits";
    public const string PaymentPlans = "PaymentPlans";
    public const string Products = "Products";
    public const string Clubs = "Clubs";
    public const string ValidateCredentials = "ValidateCredentials";
}
