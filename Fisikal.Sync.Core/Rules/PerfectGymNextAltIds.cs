using Fisikal.Sync.Core.Sources;
using Fisikal.Sync.Core.Sources.PerfectGymNext;

namespace Fisikal.Sync.Core.Rules;

/// <summary>
/// DESIGN.md's Alt ID rules for PerfectGym Next: a contract is <c>rate_&lt;identifier&gt;</c> for each of its
/// rate codes (the first that exists in Packages wins), else <c>rate_&lt;rateName&gt;</c>; a module contract is
/// <c>module_&lt;rateName&gt;</c>, a flat-fee contract <c>flatfee_&lt;rateName&gt;</c>. A contract that has ended or
/// is INACTIVE no longer runs, nor do its add-ons. A cancelled contract (notice given) runs until its end date.
/// </summary>
public static class PerfectGymNextAltIds
{
    private const string Contract = "contract";
    private const string Module = "module";
    private const string FlatFee = "flatfee";

    public static IEnumerable<SourcePurchase> Purchases(PerfectGymNextContract contract, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(contract);
        var candidates = contract.RateCodes
            .Select(r => r.Identifier)
            .Where(i => !string.IsNullOrWhiteSpace(i))
            .Select(i => "rate_" + i)
            .Append("rate_" + contract.RateName)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var running = Runs(contract.ContractStatus, contract.EndDate, today);
        yield return new SourcePurchase(Contract, Id(contract.Id), candidates, contract.StartDate, contract.EndDate, running);

        foreach (var module in contract.ModuleContracts)
        {
            yield return Sub(Module, module, running, today);
        }

        foreach (var flatFee in contract.FlatFeeContracts)
        {
            yield return Sub(FlatFee, flatFee, running, today);
        }
    }

    /// <summary>The client-package rows of a contract and its add-ons, from its ids alone (a contract that could not be read).</summary>
    public static IReadOnlyList<string> RowKeys(PerfectGymNextContractIds contract)
    {
        ArgumentNullException.ThrowIfNull(contract);
        return
        [
            SourcePurchase.RowKeyOf(Contract, Id(contract.Id)),
            .. contract.ModuleContracts.Select(m => SourcePurchase.RowKeyOf(Module, Id(m.Id))),
            .. contract.FlatFeeContracts.Select(f => SourcePurchase.RowKeyOf(FlatFee, Id(f.Id))),
        ];
    }

    private static SourcePurchase Sub(string kind, PerfectGymNextSubContract sub, bool mainRuns, DateOnly today) => new(
        kind,
        Id(sub.Id),
        [$"{kind}_{sub.RateName}"],
        sub.StartDate,
        sub.EndDate,
        mainRuns && Runs(sub.ContractStatus, sub.EndDate, today));

    private static bool Runs(string? status, DateOnly? endDate, DateOnly today) =>
        !string.Equals(status, "INACTIVE", StringComparison.OrdinalIgnoreCase) && (endDate is null || endDate >= today);

    private static string Id(long id) => id.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
