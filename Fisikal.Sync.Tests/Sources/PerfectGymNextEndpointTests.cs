using System.Globalization;
using Fisikal.Sync.Core.Sources.PerfectGymNext;
using Fisikal.Sync.Simulators.PerfectGymNext;
using Fisikal.Sync.Tests.Infrastructure;

namespace Fisikal.Sync.Tests.Sources;

/// <summary>Every endpoint the connector reads, through the app's own handler chain, against the simulator.</summary>
public sealed class PerfectGymNextEndpointTests : IAsyncLifetime
{
    private PerfectGymNextSimulator _club = null!;
    private ClubClient _client = null!;

    public async Task InitializeAsync()
    {
        _club = await PerfectGymNextSimulator.StartAsync(new PerfectGymNextSimulatorOptions { Customers = 120 });
        _client = await ClubClient.CreateAsync(_club);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _club.DisposeAsync();
    }

    [Fact]
    public async Task Contracts_carry_rate_codes_and_add_ons_and_filter_by_status()
    {
        var customer = _club.Store.Add(new SimulatedCustomer { FirstName = "Ana", Status = "MEMBER" });
        _club.Store.AddContract(customer.Id, new SimulatedContract
        {
            RateName = "Gold Flex",
            RateCodes = [new SimulatedRateCode("Gold Flex", "GOLD")],
            StartDate = "2025-01-01",
            EndDate = "2026-12-31",
            ModuleContracts = [new SimulatedSubContract { RateName = "Sauna & Spa" }],
            FlatFeeContracts = [new SimulatedSubContract { RateName = "Towel Service", PaymentFrequency = "NON_RECURRING" }],
        });
        _club.Store.AddContract(customer.Id, new SimulatedContract { RateName = "Old Plan", ContractStatus = "INACTIVE", Cancelled = true, CancellationDate = "2024-06-30" });

        var all = await _client.Client.GetContractsAsync(customer.Id);
        var active = await _client.Client.GetContractsAsync(customer.Id, "ACTIVE");

        Assert.Equal(2, all.Result.Count);
        var gold = Assert.Single(active.Result);
        Assert.Equal("Gold Flex", gold.RateName);
        Assert.Equal("GOLD", Assert.Single(gold.RateCodes).Identifier);
        Assert.Equal(new DateOnly(2026, 12, 31), gold.EndDate);
        Assert.Equal("Sauna & Spa", Assert.Single(gold.ModuleContracts).RateName);
        Assert.Equal("Towel Service", Assert.Single(gold.FlatFeeContracts).RateName);
        Assert.Equal("INACTIVE", all.Result.Single(c => c.RateName == "Old Plan").ContractStatus);
    }

    [Fact]
    public async Task Seeded_members_have_contracts_and_prospects_have_none()
    {
        var member = _club.Store.All().First(c => c.Status == "MEMBER");
        var prospect = _club.Store.All().First(c => c.Status == "PROSPECT");

        Assert.NotEmpty((await _client.Client.GetContractsAsync(member.Id)).Result);
        Assert.Empty((await _client.Client.GetContractsAsync(prospect.Id)).Result);
    }

    [Fact]
    public async Task Check_ins_over_more_than_365_days_are_asked_for_in_windows_and_all_slices()
    {
        var customer = _club.Store.Add(new SimulatedCustomer { FirstName = "Ngozi", Status = "MEMBER" });
        var now = DateTimeOffset.UtcNow;
        var visits = Enumerable.Range(0, 60).Select(i => _club.Store.AddCheckin(customer.Id, now.AddDays(-i * 12), _club.Options.StudioIds[i % 3])).ToList();
        var requestsBefore = _club.RequestCounts.GetValueOrDefault("GET /v1/customers/{customerId}/activities/checkins");

        var seen = new List<PerfectGymNextCheckin>();
        var today = PublishedDateTimes.StudioDate(now); // the API's dates are the studio's
        await foreach (var slice in _client.Client.GetCheckinsAsync(customer.Id, today.AddDays(-800), today, sliceSize: 10))
        {
            Assert.Empty(slice.Malformed);
            seen.AddRange(slice.Result);
        }

        Assert.Equal(visits.Select(v => v.CheckinId).Order(), seen.Select(c => c.CheckinId).Order());
        Assert.All(seen, c => Assert.Contains(c.StudioId!.Value, _club.Options.StudioIds));
        Assert.True(_club.RequestCounts["GET /v1/customers/{customerId}/activities/checkins"] - requestsBefore >= 8, "three windows, several slices each");

        // The club refuses a window of 366 days: the client's windows were within the spec, or it would have failed above.
        using var http = new HttpClient { BaseAddress = new Uri(_club.BaseUrl.AbsoluteUri + "/") };
        http.DefaultRequestHeaders.Add("x-api-key", _club.Options.ApiKey);
        using var tooLong = await http.GetAsync(new Uri($"customers/{customer.Id}/activities/checkins?fromDate=2024-01-01&toDate=2025-01-02", UriKind.Relative));
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, tooLong.StatusCode);
    }

    [Fact]
    public async Task A_customer_by_id_and_a_missing_one()
    {
        var known = _club.Store.All()[5];

        Assert.Equal(known.LastName, (await _client.Client.GetCustomerAsync(known.Id))!.LastName);
        Assert.Null(await _client.Client.GetCustomerAsync(42));
    }

    [Fact]
    public async Task Studio_information_membership_offers_and_the_key_check()
    {
        var studio = await _client.Client.GetStudioInformationAsync();
        var offers = await _client.Client.GetMembershipOffersAsync();

        Assert.Equal(_club.Options.StudioIds[0], studio.StudioId);
        Assert.Equal(PerfectGymNextStore.Rates.Select(r => r.Identifier), offers.Result.SelectMany(o => o.RateCodes!).Select(r => r.Identifier));
        Assert.True(await _client.Client.IsKeyValidAsync());
        using var wrong = await ClubClient.CreateAsync(_club, apiKey: "wrong");
        Assert.False(await wrong.Client.IsKeyValidAsync());
    }

    [Fact]
    public async Task Confirming_activation_turns_webhooks_on_with_the_webhook_key()
    {
        await using var listener = await WebhookListener.StartAsync();
        _club.Options.WebhookUrl = listener.Url;
        _club.Store.Add(new SimulatedCustomer { FirstName = "Before" });
        Assert.Empty(listener.Received);

        await _client.Client.ConfirmActivationAsync();
        var created = _club.Store.Add(new SimulatedCustomer { FirstName = "After" });

        var (key, body) = await listener.WaitForAsync(b => b.GetProperty("entityId").GetInt64() == created.Id);
        Assert.Equal(_club.Options.WebhookApiKey, key);
        Assert.True(Guid.TryParse(body.GetProperty("uuid").GetString(), out _));
        var evt = Assert.Single(body.GetProperty("payload").EnumerateArray());
        Assert.Equal("CUSTOMER_CREATED", evt.GetProperty("type").GetString());
        Assert.True(evt.GetProperty("timestamp").GetInt64() > 0);
    }

    [Fact]
    public async Task A_record_repeated_across_two_slices_is_seen_twice_by_the_client()
    {
        _club.Faults.RepeatLastRecordAcrossSlices = true;
        var ids = new List<long>();
        string? offset = null;
        PerfectGymNextSlice<PerfectGymNextCustomer> slice;
        do
        {
            slice = await _client.Client.GetCustomersAsync(offset, 50);
            ids.AddRange(slice.Result.Select(c => c.Id));
            offset = slice.Offset;
        }
        while (slice.HasNext);

        Assert.Equal(_club.Store.Count, ids.Distinct().Count());
        Assert.True(ids.Count > ids.Distinct().Count(), "the fault should repeat records");
    }
}
