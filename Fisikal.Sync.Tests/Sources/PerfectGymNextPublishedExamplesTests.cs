using System.Text.Json;
using System.Text.Json.Nodes;
using Fisikal.Sync.Core.Integrations;
using Fisikal.Sync.Core.Storage;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Fisikal.Sync.Core.Sources.Json;
using Fisikal.Sync.Core.Sources.PerfectGymNext;
using Azure.Data.Tables;
using Fisikal.Sync.Core.Sync;
using Fisikal.Sync.Core.Sync.Webhooks;
using Fisikal.Sync.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace Fisikal.Sync.Tests.Sources;

/// <summary>
/// The oracle we did not write: every PerfectGym Next response the connector reads, as the vendor's reference publishes
/// it (Published/, see its README), served over HTTP on 127.0.0.1 and read through our client. The expected values are
/// the published examples' own.
/// </summary>
public sealed class PerfectGymNextPublishedExamplesTests : IAsyncLifetime
{
    private PublishedExampleServer _studio = null!;
    private HttpClient _http = null!;
    private PerfectGymNextClient _client = null!;

    public async Task InitializeAsync()
    {
        _studio = await PublishedExampleServer.StartAsync();
        _http = _studio.CreateClient();
        _client = new PerfectGymNextClient(_http, "club");
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _studio.DisposeAsync();
    }

    [Fact]
    public async Task A_slice_of_customers_reads_every_value_including_the_zoned_creation_time()
    {
        var slice = await _client.GetCustomersAsync(null, 500);

        Assert.Empty(slice.Malformed);
        Assert.True(slice.HasNext);
        Assert.Equal("1234567890", slice.Offset);
        AssertPublishedCustomer(Assert.Single(slice.Result));
    }

    [Fact]
    public async Task A_customer_by_id_reads_the_same_and_becomes_a_member_with_utc_times()
    {
        var customer = await _client.GetCustomerAsync(1001);

        AssertPublishedCustomer(customer!);
        var member = await new PerfectGymNextMemberSource(_client, 500).ReadMemberAsync("1001");
        Assert.Equal("1001", member!.Id);
        Assert.Equal("1238735970", member.HomeClubNumber);
        Assert.Equal(TimeSpan.Zero, member.CreatedAt!.Value.Offset);
        Assert.Equal(PublishedExamples.Utc("2022-06-15T21:59:59.999Z"), member.CreatedAt);
    }

    [Fact]
    public async Task Contracts_with_their_module_and_flat_fee_add_ons_become_purchases()
    {
        var contracts = await _client.GetContractsAsync(1001);
        var contract = Assert.Single(contracts.Result);

        Assert.Empty(contracts.Malformed);
        Assert.Equal(1000, contract.Id);
        Assert.Equal("Premium", contract.RateName);
        Assert.Equal("RC12345", Assert.Single(contract.RateCodes).Identifier);
        Assert.Equal(new DateOnly(2022, 1, 1), contract.StartDate);
        Assert.Equal(new DateOnly(2022, 10, 1), contract.EndDate);
        Assert.Equal("ACTIVE", contract.ContractStatus);
        Assert.Equal("Regular", Assert.Single(contract.ModuleContracts).RateName);
        Assert.Equal("Regular", Assert.Single(contract.FlatFeeContracts).RateName);

        // The example is cancelled (notice given, cancellationDate 2022-10-10) and ends 2022-10-01: it runs until then.
        var during = await Purchases(new DateTimeOffset(2022, 6, 1, 12, 0, 0, TimeSpan.Zero));
        var main = during.Single(p => p.Kind == "contract");
        Assert.Equal("1000", main.SourceId);
        Assert.Equal(["rate_RC12345", "rate_Premium"], main.AltIdCandidates);
        Assert.True(main.Running);
        Assert.Equal(["module_Regular"], during.Single(p => p.Kind == "module").AltIdCandidates);
        Assert.Equal(["flatfee_Regular"], during.Single(p => p.Kind == "flatfee").AltIdCandidates);

        // The add-ons' dates have no published example: the sampler's 2019-08-24, so they ended before the contract began.
        Assert.All(during.Where(p => p.Kind != "contract"), p => Assert.Equal((new DateOnly(2019, 8, 24), false), (p.EndDate!.Value, p.Running)));

        var after = await Purchases(new DateTimeOffset(2022, 10, 2, 0, 0, 1, TimeSpan.Zero));
        Assert.All(after, p => Assert.False(p.Running));
    }

    [Fact]
    public async Task Check_ins_with_an_offset_become_visits_in_utc()
    {
        var visits = await new PerfectGymNextVisitSource(_client).ReadVisitsAsync("1001", new DateOnly(2023, 12, 1), new DateOnly(2023, 12, 31));

        Assert.Empty(visits.Malformed);
        var visit = Assert.Single(visits.Visits);
        Assert.Equal("1001", visit.Id);
        Assert.Equal(PublishedExamples.Utc("2023-12-03T09:15:30Z"), visit.AccessedAt);
        Assert.Equal(TimeSpan.Zero, visit.AccessedAt.Offset);
        Assert.Equal("123", visit.ClubNumber);
    }

    [Fact]
    public async Task Studio_information_and_membership_offers()
    {
        var studio = await _client.GetStudioInformationAsync();
        var offers = await _client.GetMembershipOffersAsync();

        Assert.Equal(123, studio.StudioId);
        Assert.Equal("Example studio", studio.Name);
        Assert.Equal("DE", studio.CountryCode);
        Assert.Equal("operator@example.com", studio.Email);
        Assert.Empty(offers.Malformed);
        var offer = Assert.Single(offers.Result);
        Assert.Equal("Standard Membership", offer.Name);
        Assert.Equal("RC12345", Assert.Single(offer.RateCodes!).Identifier);
    }

    [Fact]
    public async Task The_slicing_examples_page_by_the_returned_offset_and_a_record_without_status_is_quarantined_by_name()
    {
        var blocks = PublishedExamples.CodeBlocks("openapi/general-information.md");
        Assert.Equal(2, blocks.Count);

        _studio.Responses["customers"] = blocks[0];
        var idStyle = await _client.GetCustomersAsync(null, 50);
        _studio.Responses["customers"] = blocks[1];
        var additive = await _client.GetCustomersAsync(null, 50);

        Assert.Equal(("1210206596", true), (idStyle.Offset, idStyle.HasNext));
        Assert.Equal(("2", true), (additive.Offset, additive.HasNext));

        // These examples show paging, not customers: they lack the status a client's Active/Inactive needs.
        Assert.Empty(idStyle.Result);
        Assert.Equal(["1210206595", "1210206596"], idStyle.Malformed.Select(m => m.SourceId));
        Assert.All(idStyle.Malformed.Concat(additive.Malformed), m => Assert.Contains("status", m.Reason, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_field_the_sync_does_not_need_never_rejects_a_record_and_one_it_needs_is_named()
    {
        var slice = _studio.Responses["customers"].AsObject();
        var published = slice["result"]![0]!;
        var oddCreation = published.DeepClone();
        oddCreation["id"] = 1002;
        oddCreation["createdDateTime"] = "sometime in June";
        oddCreation["gender"] = 42;
        oddCreation["cardNumbers"] = "not a list";
        var badBirthday = published.DeepClone();
        badBirthday["id"] = 1003;
        badBirthday["dateOfBirth"] = "04.05.1952";
        slice["result"] = new JsonArray(published.DeepClone(), oddCreation, badBirthday);

        var read = await _client.GetCustomersAsync(null, 500);

        Assert.Equal([1001L, 1002L], read.Result.Select(c => c.Id));
        Assert.Null(read.Result[1].CreatedDateTime);
        Assert.Equal("Edgar", read.Result[1].FirstName);
        var quarantined = Assert.Single(read.Malformed);
        Assert.Equal("1003", quarantined.SourceId);
        Assert.Contains("field 'dateOfBirth'", quarantined.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_webhook_examples_are_received_and_queued_once()
    {
        var storage = await AzuriteServer.StorageAsync();
        var integration = new IntegrationOptions
        {
            Name = AzuriteServer.UniqueName("club"),
            Kind = IntegrationKind.PerfectGymNext,
            BaseUrl = _studio.BaseUrl,
            ApiKey = "unused",
            WebhookApiKey = "webhook-key",
        };
        var receiver = Receiver(integration, storage);
        var documented = PublishedExamples.CodeBlocks("webhooks/general-information.md").Single();
        var specSample = PublishedExamples.PerfectGymNextWebhookSample();
        Assert.Equal(documented["uuid"]!.GetValue<string>(), specSample["uuid"]!.GetValue<string>()); // the same event twice

        Assert.Same(integration, receiver.Authenticate("webhook-key"));
        var first = await receiver.ReceiveAsync(integration, JsonSerializer.SerializeToElement(documented));
        var again = await receiver.ReceiveAsync(integration, JsonSerializer.SerializeToElement(specSample));

        Assert.Equal((1, 0, 0), (first.Queued, first.Duplicates, first.Ignored));
        Assert.Equal((0, 1, 0), (again.Queued, again.Duplicates, again.Ignored));
        var row = (await storage.Table(TableNames.WebhookEvents).GetEntityAsync<TableEntity>($"{integration.Name}:2022012115", "095be615-a8ad-4c33-8e9c-c7612fbf6c9f")).Value;
        Assert.Equal("CUSTOMER_CREATED", row.GetString("Type"));
        Assert.Equal(7893459L, row.GetInt64("EntityId"));
    }

    [Fact]
    public async Task A_webhook_whose_enqueue_fails_lists_its_member_and_the_next_client_sync_queues_a_resync()
    {
        var azurite = await AzuriteServer.GetAsync();
        var tables = await AzuriteServer.TablesAsync();
        var unreachable = azurite.ConnectionString.Replace($"127.0.0.1:{azurite.QueuePort}/", "127.0.0.1:1/", StringComparison.Ordinal);
        var integration = new IntegrationOptions { Name = AzuriteServer.UniqueName("club"), Kind = IntegrationKind.PerfectGymNext, BaseUrl = _studio.BaseUrl, ApiKey = "k", WebhookApiKey = "w" };
        var working = await AzuriteServer.StorageAsync();
        var body = JsonSerializer.SerializeToElement(PublishedExamples.CodeBlocks("webhooks/general-information.md").Single());

        // PerfectGym never sends it again: the receipt lists the member instead of failing the delivery.
        var failing = Receiver(integration, new SyncStorage(tables, new QueueServiceClient(unreachable, StorageAccount.QueueOptions())));
        var receipt = await failing.ReceiveAsync(integration, body);
        var again = await Receiver(integration, working).ReceiveAsync(integration, body);

        Assert.Equal((0, 1, 0), (receipt.Queued, receipt.Deferred, receipt.Failed));
        Assert.Equal((0, 1), (again.Queued, again.Duplicates)); // acted on already: listed
        var listed = (await working.Table(TableNames.SyncCheckpoints).GetEntityAsync<TableEntity>(integration.Name, "backlog:7893459")).Value;
        Assert.Equal("CUSTOMER_CREATED", listed.GetString("EventType"));

        var queue = working.Queue(QueueNames.MemberEvents);
        Assert.Equal(1, await new MemberEventBacklog(working, TimeProvider.System).DrainAsync(integration.Name));
        var message = (await queue.ReceiveMessagesAsync(32)).Value
            .Select(m => JsonSerializer.Deserialize<MemberEventMessage>(m.Body.ToString())!)
            .Single(m => m.Integration == integration.Name);
        Assert.Equal((MemberEventsHandler.Resync, "7893459"), (message.Type, message.MemberId));
        Assert.Null(await working.Table(TableNames.SyncCheckpoints).GetEntityOrNullAsync(integration.Name, "backlog:7893459"));
    }

    [Fact]
    public async Task Each_event_of_a_delivery_stands_alone_and_one_with_an_impossible_timestamp_is_rejected_not_the_others()
    {
        var storage = await AzuriteServer.StorageAsync();
        var integration = new IntegrationOptions { Name = AzuriteServer.UniqueName("club"), Kind = IntegrationKind.PerfectGymNext, BaseUrl = _studio.BaseUrl, ApiKey = "k", WebhookApiKey = "w" };
        var delivery = PublishedExamples.CodeBlocks("webhooks/general-information.md").Single();
        var good = delivery["payload"]![0]!;
        delivery["uuid"] = Guid.NewGuid().ToString();
        delivery["payload"] = new JsonArray(
            good.DeepClone(),
            new JsonObject { ["timestamp"] = long.MaxValue, ["type"] = "CUSTOMER_UPDATED" },
            new JsonObject { ["timestamp"] = "yesterday", ["type"] = "CONTRACT_CREATED" },
            JsonValue.Create(42),
            new JsonObject { ["timestamp"] = good["timestamp"]!.GetValue<long>(), ["type"] = "CUSTOMER_CHECKIN" });

        var receipt = await Receiver(integration, storage).ReceiveAsync(integration, JsonSerializer.SerializeToElement(delivery));

        Assert.Equal((2, 3, 0, 0), (receipt.Queued, receipt.Rejected, receipt.Ignored, receipt.Failed));
    }

    [Theory]
    [InlineData("2023-12-03T10:15:30+01:00", "2023-12-03T09:15:30Z")]
    [InlineData("2022-06-15T23:59:59.999+02:00[Europe/Berlin]", "2022-06-15T21:59:59.999Z")]
    [InlineData("2022-01-15T23:59:59.999+01:00[Europe/Berlin]", "2022-01-15T22:59:59.999Z")]
    [InlineData("2024-05-06T07:08:09.123Z", "2024-05-06T07:08:09.123Z")]
    [InlineData("2024-05-06T07:08:09Z[UTC]", "2024-05-06T07:08:09Z")]
    [InlineData("2022-06-15T23:59:59[Europe/Berlin]", "2022-06-15T21:59:59Z")]
    [InlineData("2023-03-01T08:00-05:00", "2023-03-01T13:00:00Z")]
    public void Both_date_time_forms_parse_to_utc(string published, string utc)
    {
        Assert.True(IsoDateTime.TryParse(published, out var parsed));
        Assert.Equal(PublishedExamples.Utc(utc), parsed);
        Assert.Equal(TimeSpan.Zero, parsed.Offset);
    }

    [Theory]
    [InlineData("2023-12-03T10:15:30")]
    [InlineData("2023-12-03")]
    [InlineData("2022-06-15T23:59:59.999+02:00[Nowhere/Land")]
    [InlineData("2022-06-15T23:59:59[Nowhere/Land]")]
    [InlineData("")]
    public void A_local_time_without_offset_or_zone_is_refused(string text) => Assert.False(IsoDateTime.TryParse(text, out _));

    private static PerfectGymNextWebhookReceiver Receiver(IntegrationOptions integration, SyncStorage storage) =>
        new(new IntegrationRegistry([integration]), storage, new MemberEventBacklog(storage, TimeProvider.System), TimeProvider.System, NullLogger<PerfectGymNextWebhookReceiver>.Instance);

    private async Task<List<Core.Sources.SourcePurchase>> Purchases(DateTimeOffset now) =>
        (await new PerfectGymNextPurchaseSource(_client, new ManualTimeProvider(now)).ReadPurchasesAsync("1001")).Purchases!.ToList();

    private static void AssertPublishedCustomer(PerfectGymNextCustomer customer)
    {
        Assert.Equal(1001, customer.Id);
        Assert.Equal("Edgar", customer.FirstName);
        Assert.Equal("Bullock", customer.LastName);
        Assert.Equal(new DateOnly(1952, 5, 4), customer.DateOfBirth);
        Assert.Equal("example@email.com", customer.Email);
        Assert.Equal("MEMBER", customer.Status);
        Assert.Equal(1238735970, customer.StudioId);
        Assert.Equal(PublishedExamples.Utc("2022-06-15T21:59:59.999Z"), customer.CreatedDateTime);
    }
}
