using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Fisikal.Sync.Core.Integrations;
using Fisikal.Sync.Core.Storage;
using Fisikal.Sync.Core.Sync.Packages;
using Fisikal.Sync.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Fisikal.Sync.Tests.Sync;

/// <summary>
/// A purchase's endDate is its last day (UTC): a contract ending today is still Active to the last second of the UTC
/// day, and Expired from its first second after. Against the published contract example, on a clock the test moves.
/// </summary>
public sealed class PackageExpiryEdgeTests
{
    [Fact]
    public async Task A_contract_ending_today_is_active_until_UTC_midnight_and_expired_from_it()
    {
        await using var studio = await PublishedExampleServer.StartAsync();
        var contract = studio.Responses["contracts"].AsArray()[0]!.DeepClone();
        contract["endDate"] = "2026-03-10";
        contract["moduleContracts"] = new JsonArray();
        contract["flatFeeContracts"] = new JsonArray();
        studio.Responses["contracts"] = new JsonArray(contract);
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 3, 10, 23, 59, 59, TimeSpan.Zero));
        var (core, name) = await CoreServices.StartPerfectGymNextAsync(studio.BaseUrl, "published-key", clock);
        await using var _ = core;
        await core.SeedPackagesAsync(name, $"rate_{contract["rateCodes"]![0]!["identifier"]!.GetValue<string>()}");

        await core.RefreshPackagesAsync(name, "1001");
        Assert.Equal("Active", await StatusAsync(core, name)); // its last day, to the last second

        clock.Advance(TimeSpan.FromSeconds(1));
        await core.RefreshPackagesAsync(name, "1001");
        Assert.Equal("Expired", await StatusAsync(core, name)); // it ended yesterday
    }

    private static async Task<string?> StatusAsync(ServiceProvider core, string integration) =>
        (await core.PackageAsync(integration, "1001", "contract:1000")).GetString("Status");
}
