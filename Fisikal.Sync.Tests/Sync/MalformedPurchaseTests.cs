using System.Globalization;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using Azure.Data.Tables;
using Fisikal.Sync.Core.Integrations;
using Fisikal.Sync.Core.Storage;
using Fisikal.Sync.Core.Sync;
using Fisikal.Sync.Core.Sync.Packages;
using Fisikal.Sync.Simulators.Gladstone;
using Fisikal.Sync.Simulators.PerfectGymClassic;
using Fisikal.Sync.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Fisikal.Sync.Tests.Sync;

/// <summary>
/// A purchase the source sends but we can't read is not evidence that it ended: its client packages are left as they are
/// (and, when even its id can't be read, none of the member's), while the rest of the member's purchases are applied; a
/// MalformedRecord notification says which rows were kept. For each source, against its published example or simulator.
/// </summary>
public sealed class MalformedPurchaseTests
{
    [Fact]
    public async Task PerfectGym_Next_a_contract_whose_endDate_comes_in_another_format_keeps_its_package_and_add_ons()
    {
        await using var studio = await PublishedExampleServer.StartAsync();
        var published = studio.Responses["contracts"].AsArray()[0]!;

        // The add-ons' dates have no published example (the sampler's 2019-08-24): here they run, open-ended.
        published["moduleContracts"]![0]!["endDate"] = null;
        published["flatFeeContracts"]![0]!["endDate"] = null;
        var second = published.DeepClone();
        second["id"] = 2000;
        second["moduleContracts"] = new JsonArray();
        second["flatFeeContracts"] = new JsonArray();
        studio.Responses["contracts"] = new JsonArray(published.DeepClone(), second);
        var (core, name) = await CoreServices.StartPerfectGymNextAsync(
            studio.BaseUrl, "published-key", new ManualTimeProvider(new DateTimeOffset(2022, 6, 1, 12, 0, 0, TimeSpan.Zero))); // the published contract runs then
        await using var _ = core;
        var moduleId = published["moduleContracts"]![0]!["id"]!.ToJsonString();
        var flatFeeId = published["flatFeeContracts"]![0]!["id"]!.ToJsonString();
        var rateCode = published["rateCodes"]![0]!["identifier"]!.GetValue<string>();
        await core.SeedPackagesAsync(name, $"rate_{rateCode}", "module_Regular", "flatfee_Regular");
        string[] ofThePublishedContract = ["contract:1000", $"module:{moduleId}", $"flatfee:{flatFeeId}"];

        await core.RefreshPackagesAsync(name, "1001");
        Assert.Equal(ofThePublishedContract.Append("contract:2000").Order(), (await ActiveAsync(core, name, "1001")).Order());

        // The vendor's format changes for the published contract's endDate, and the second contract really is gone.
        var reformatted = published.DeepClone();
        reformatted["endDate"] = "01.10.2022";
        studio.Responses["contracts"] = new JsonArray(reformatted);
        await core.RefreshPackagesAsync(name, "1001");

        Assert.Equal(ofThePublishedContract.Order(), (await ActiveAsync(core, name, "1001")).Order());
        Assert.Equal("Expired", (await core.PackageAsync(name, "1001", "contract:2000")).GetString("Status"));
        var notice = await NotificationAsync(core, name, "1001");
        Assert.Contains("field 'endDate'", notice.GetString("Message"), StringComparison.Ordinal);
        Assert.Equal(string.Join(",", ofThePublishedContract), notice.GetString("KeptRows"));

        // A contract whose id itself can't be read could be any of them: nothing is expired on that read.
        var nameless = reformatted.DeepClone();
        nameless["id"] = new JsonObject();
        studio.Responses["contracts"] = new JsonArray(nameless);
        await core.RefreshPackagesAsync(name, "1001");
        Assert.Equal(ofThePublishedContract.Order(), (await ActiveAsync(core, name, "1001")).Order());
        Assert.Equal("*", (await NotificationAsync(core, name, "1001", "unknown")).GetString("KeptRows"));

        // A well-formed answer without them is evidence: then they expire.
        studio.Responses["contracts"] = new JsonArray();
        await core.RefreshPackagesAsync(name, "1001");
        Assert.Empty(await ActiveAsync(core, name, "1001"));
    }

    [Fact]
    public async Task PerfectGym_classic_a_contract_that_cant_be_read_keeps_its_package_while_a_deleted_product_expires()
    {
        await using var club = await PerfectGymClassicSimulator.StartAsync(new PerfectGymClassicSimulatorOptions { Members = 0 });
        var member = club.Store.AddMember("Ana", "Silva", "ana@example.test", new DateOnly(1990, 5, 4), 1);
        var memberId = member["id"]!.GetValue<long>();
        var contract = club.Store.AddContract(memberId, 21, new DateOnly(2026, 1, 1), new DateOnly(2099, 12, 31))["id"]!.GetValue<long>();
        var product = club.Store.AddMemberProduct(memberId, 26, new DateOnly(2026, 1, 1), new DateOnly(2099, 12, 31))["id"]!.GetValue<long>();
        var name = AzuriteServer.UniqueName("pgm");
        await using var core = await CoreServices.StartAsync(TestAppSettings.ForClassic(club, name));
        await core.SeedPackagesAsync(name, "payment_plan_21", "product_26");
        var id = memberId.ToString(CultureInfo.InvariantCulture);
        var contractRow = $"contract:{contract.ToString(CultureInfo.InvariantCulture)}";

        await core.RefreshPackagesAsync(name, id);
        Assert.Equal(2, (await ActiveAsync(core, name, id)).Count);

        club.Store.Update(PerfectGymClassicStore.Contracts, contract, row => row["endDate"] = "31.12.2099");
        club.Store.Delete(PerfectGymClassicStore.MemberProducts, product);
        await core.RefreshPackagesAsync(name, id);

        Assert.Equal([contractRow], await ActiveAsync(core, name, id));
        Assert.Equal("Expired", (await core.PackageAsync(name, id, $"product:{product.ToString(CultureInfo.InvariantCulture)}")).GetString("Status"));
        var notice = await NotificationAsync(core, name, id, contract.ToString(CultureInfo.InvariantCulture));
        Assert.Equal(contractRow, notice.GetString("KeptRows"));
        Assert.Contains("endDate", notice.GetString("Message"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gladstone_a_subscription_that_cant_be_read_keeps_its_package_and_is_named_by_its_SubscriptionRef()
    {
        await using var service = await GladstoneSimulator.StartAsync(new GladstoneSimulatorOptions { Members = 0 });
        service.Store.Upsert(new GladstoneMember { MemberId = "M1", FirstName = "Ana", StatusId = "Active", SiteId = "S01" });
        var kept = service.Store.AddSubscription("M1", "PTPK", new DateOnly(2026, 1, 1), new DateOnly(2099, 12, 31), "S01").SubscriptionRef.ToString(CultureInfo.InvariantCulture);
        var other = service.Store.AddSubscription("M1", "PTPK", new DateOnly(2026, 1, 1), new DateOnly(2099, 12, 31), "S01").SubscriptionRef.ToString(CultureInfo.InvariantCulture);
        var name = AzuriteServer.UniqueName("gp2");
        await using var core = await CoreServices.StartAsync(TestAppSettings.ForGladstone(service, name));
        await core.SeedPackagesAsync(name, "PTPK");

        await core.RefreshPackagesAsync(name, "M1");
        Assert.Equal(2, (await ActiveAsync(core, name, "M1")).Count);

        XNamespace ns = GladstoneSimulator.Ns;
        service.AlterSubscription = s =>
        {
            if (s.Element(ns + "SubscriptionRef")!.Value == kept)
            {
                s.Element(ns + "EndDate")!.Value = "31.12.2099";
            }
            else
            {
                s.Element(ns + "EndDate")!.Value = "2020-01-01"; // really ended
            }
        };
        await core.RefreshPackagesAsync(name, "M1");

        Assert.Equal([$"subscription:{kept}"], await ActiveAsync(core, name, "M1"));
        Assert.Equal("Expired", (await core.PackageAsync(name, "M1", $"subscription:{other}")).GetString("Status"));
        var notice = await NotificationAsync(core, name, "M1", kept);
        Assert.Equal(kept, notice.GetString("SourceId")); // not the MemberID the record also holds
        Assert.Equal($"subscription:{kept}", notice.GetString("KeptRows"));
    }

    private static async Task<List<string>> ActiveAsync(ServiceProvider core, string integration, string memberId) =>
        (await core.Table(TableNames.ClientPackages)
            .QueryAsync<TableEntity>($"PartitionKey eq {TableKeys.Quote(ClientPackageWriter.PartitionKey(integration, memberId))}").ToListAsync())
        .Where(r => r.GetString("Status") == "Active").Select(r => r.RowKey).ToList();

    private static async Task<TableEntity> NotificationAsync(ServiceProvider core, string integration, string memberId, string sourceId = "1000") =>
        (await core.Table(TableNames.Notifications).GetEntityAsync<TableEntity>(integration, $"malformed:{memberId}:{sourceId}")).Value;
}
