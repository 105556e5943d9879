using System.Net;
using Fisikal.Sync.Core.Sources.PerfectGymNext;
using Fisikal.Sync.Simulators.PerfectGymNext;

namespace Fisikal.Sync.Tests.Sources;

/// <summary>The Open API client against the simulator on 127.0.0.1.</summary>
public sealed class PerfectGymNextClientTests
{
    [Theory]
    [InlineData(0, 50, 1)]
    [InlineData(50, 50, 1)]
    [InlineData(51, 50, 2)]
    [InlineData(1_234, 500, 3)]
    public async Task Slices_cover_every_customer_once_in_id_order(int customers, int sliceSize, int expectedSlices)
    {
        await using var simulator = await PerfectGymNextSimulator.StartAsync(new PerfectGymNextSimulatorOptions { Customers = customers });
        using var http = Http(simulator, simulator.Options.ApiKey);
        var client = new PerfectGymNextClient(http, "club");

        var ids = new List<long>();
        var slices = 0;
        string? offset = null;
        bool hasNext;
        do
        {
            var slice = await client.GetCustomersAsync(offset, sliceSize);
            slices++;
            ids.AddRange(slice.Result.Select(c => c.Id));
            Assert.Empty(slice.Malformed);
            offset = slice.Offset;
            hasNext = slice.HasNext;
        }
        while (hasNext);

        Assert.Equal(expectedSlices, slices);
        Assert.Equal(simulator.Store.All().Select(c => c.Id), ids);
    }

    [Fact]
    public async Task The_additive_offset_style_pages_every_customer_once_too()
    {
        await using var simulator = await PerfectGymNextSimulator.StartAsync(new PerfectGymNextSimulatorOptions { Customers = 130, AdditiveCustomerOffsets = true });
        using var http = Http(simulator, simulator.Options.ApiKey);
        var source = new PerfectGymNextMemberSource(new PerfectGymNextClient(http, "club"), 50);

        var ids = new List<string>();
        var offsets = new List<string?>();
        string? cursor = null;
        do
        {
            var page = await source.ReadMembersAsync(cursor, "run");
            ids.AddRange(page.Members.Select(m => m.Id));
            cursor = page.NextCursor;
            offsets.Add(cursor?.Split('|')[0]);
        }
        while (cursor is not null);

        Assert.Equal(simulator.Store.All().Select(c => c.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)), ids);
        Assert.Equal(["50", "100", null], offsets);
    }

    [Fact]
    public async Task Customer_fields_are_read_as_the_spec_shapes_them()
    {
        await using var simulator = await PerfectGymNextSimulator.StartAsync(new PerfectGymNextSimulatorOptions { Customers = 0 });
        var added = simulator.Store.Add(new SimulatedCustomer
        {
            FirstName = "Zoë",
            LastName = "Ó Briain",
            Email = "zoe@example.test",
            DateOfBirth = "1990-02-28",
            Status = "SOME_NEW_STATUS",
            StudioId = 1210000101,
            CreatedDateTime = "2024-05-06T07:08:09.123Z",
        });
        using var http = Http(simulator, simulator.Options.ApiKey);

        var customer = Assert.Single((await new PerfectGymNextClient(http, "club").GetCustomersAsync(null, 50)).Result);

        Assert.Equal(added.Id, customer.Id);
        Assert.Equal("Zoë", customer.FirstName);
        Assert.Equal("Ó Briain", customer.LastName);
        Assert.Equal(new DateOnly(1990, 2, 28), customer.DateOfBirth);
        Assert.Equal("SOME_NEW_STATUS", customer.Status);
        Assert.Equal(1210000101, customer.StudioId);
        Assert.Equal(new DateTimeOffset(2024, 5, 6, 7, 8, 9, 123, TimeSpan.Zero), customer.CreatedDateTime);
    }

    [Fact]
    public async Task A_malformed_record_is_reported_with_its_id_and_the_rest_of_the_slice_is_kept()
    {
        await using var simulator = await PerfectGymNextSimulator.StartAsync(new PerfectGymNextSimulatorOptions { Customers = 60 });
        var bad = simulator.Store.All()[10].Id;
        simulator.Store.MarkMalformed(bad);
        using var http = Http(simulator, simulator.Options.ApiKey);

        var slice = await new PerfectGymNextClient(http, "club").GetCustomersAsync(null, 100);

        Assert.Equal(59, slice.Result.Count);
        var malformed = Assert.Single(slice.Malformed);
        Assert.Equal(bad.ToString(System.Globalization.CultureInfo.InvariantCulture), malformed.SourceId);
        Assert.Contains("getCustomers", malformed.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_key_is_a_configuration_error_naming_the_integration_and_not_the_key()
    {
        await using var simulator = await PerfectGymNextSimulator.StartAsync(new PerfectGymNextSimulatorOptions { Customers = 5 });
        const string wrongKey = "wrong-key-0123456789";
        using var http = Http(simulator, wrongKey);

        var ex = await Assert.ThrowsAsync<PerfectGymNextException>(() => new PerfectGymNextClient(http, "club-north").GetCustomersAsync(null, 50));

        Assert.Equal(HttpStatusCode.Unauthorized, ex.Status);
        Assert.True(ex.IsConfigurationError);
        Assert.Equal("UNAUTHORIZED", ex.ErrorCode);
        Assert.NotNull(ex.TraceId);
        Assert.Contains("club-north", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(wrongKey, ex.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(simulator.Options.ApiKey, ex.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(49)]
    [InlineData(501)]
    public async Task The_client_never_asks_for_a_slice_size_outside_the_spec(int sliceSize)
    {
        await using var simulator = await PerfectGymNextSimulator.StartAsync(new PerfectGymNextSimulatorOptions { Customers = 5 });
        using var http = Http(simulator, simulator.Options.ApiKey);
        var client = new PerfectGymNextClient(http, "club-north");

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => client.GetCustomersAsync(null, sliceSize));

        Assert.Equal(0, simulator.RequestCounts.GetValueOrDefault("GET /v1/customers"));
        // What the club would have said (so the refusal above saves a call that could only fail):
        using var direct = await http.GetAsync(new Uri($"customers?sliceSize={sliceSize}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, direct.StatusCode);
    }

    private static HttpClient Http(PerfectGymNextSimulator simulator, string key) =>
        new(new PerfectGymNextApiKeyHandler(key) { InnerHandler = new SocketsHttpHandler() })
        {
            BaseAddress = new Uri(simulator.BaseUrl.AbsoluteUri + "/"),
        };
}
