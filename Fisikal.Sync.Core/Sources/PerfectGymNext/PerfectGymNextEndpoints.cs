namespace Fisikal.Sync.Core.Sources.PerfectGymNext;

/// <summary>
/// The endpoints this client calls, by their Open API operation ids. Each has its own rate counter at
/// PerfectGym, so each has its own budget; the id travels with the request in <see cref="Resilience.SourceEndpoint"/>.
/// </summary>
public static class PerfectGymNextEndpoints
{
    public const string GetCustomers = "getCustomers";
    public const string GetCustomerById = "getCustomerById";
    public const string GetCustomersContracts = "getCustomersContracts";
    public const string GetCustomersCheckinHistory = "getCustomersCheckinHistory";
    public const string GetStudioInformation = "getStudioInformation";
    public const string GetMembershipOffers = "getMembershipOffers";
    public const string ConfirmActivation = "confirmActivation";
    public const string KeyCheck = "keyCheck";

    public static IReadOnlyList<string> All { get; } =
        [GetCustomers, GetCustomerById, GetCustomersContracts, GetCustomersCheckinHistory, GetStudioInformation, GetMembershipOffers, ConfirmActivation, KeyCheck];
}
