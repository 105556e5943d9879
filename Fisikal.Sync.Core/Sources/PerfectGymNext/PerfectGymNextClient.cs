using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using Fisikal.Sync.Core.Sources.Json;

namespace Fisikal.Sync.Core.Sources.PerfectGymNext;

/// <summary>
/// The PerfectGym Next Open API of one studio. Records are read one by one, so a record that does not
/// parse is reported with its id and skipped while the rest is used; unknown fields are ignored and enum
/// values are kept as strings, so a value newer than this code is not fatal. Each request names its
/// endpoint (<see cref="PerfectGymNextEndpoints"/>) for the rate budget in the handler chain.
/// </summary>
public sealed class PerfectGymNextClient
{
    public const int MaxCustomerSliceSize = 500;
    public const int MaxCheckinSliceSize = 50;

    /// <summary>The check-in history accepts at most this many days between fromDate and toDate.</summary>
    public const int MaxCheckinWindowDays = 365;

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
        Converters = { new IsoDateTimeConverter() },
    };

    private readonly HttpClient _http;
    private readonly string _integration;

    /// <param name="http">Its BaseAddress is the studio's base URL ending in /v1/; its handlers add the key, the budget and resilience.</param>
    public PerfectGymNextClient(HttpClient http, string integration)
    {
        _http = http;
        _integration = integration;
    }

    /// <summary>One slice of customers after <paramref name="offset"/> (the previous slice's returned offset; null to start).</summary>
    public Task<PerfectGymNextSlice<PerfectGymNextCustomer>> GetCustomersAsync(
        string? offset, int sliceSize = MaxCustomerSliceSize, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sliceSize, 50);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(sliceSize, MaxCustomerSliceSize);
        var query = $"customers?sliceSize={sliceSize.ToString(CultureInfo.InvariantCulture)}" +
                    (string.IsNullOrEmpty(offset) ? string.Empty : "&offset=" + Uri.EscapeDataString(offset));
        return GetSliceAsync<PerfectGymNextCustomer>(query, PerfectGymNextEndpoints.GetCustomers, cancellationToken);
    }

    /// <summary>One customer, or null when PerfectGym has none with this id (deleted, say).</summary>
    public async Task<PerfectGymNextCustomer?> GetCustomerAsync(long customerId, CancellationToken cancellationToken = default)
    {
        using var document = await GetJsonAsync($"customers/{Id(customerId)}", PerfectGymNextEndpoints.GetCustomerById, notFoundIsNull: true, cancellationToken).ConfigureAwait(false);
        try
        {
            return document?.RootElement.Deserialize<PerfectGymNextCustomer>(Json);
        }
        catch (JsonException ex)
        {
            throw new PerfectGymNextException(_integration, HttpStatusCode.OK, null, null, $"Customer {Id(customerId)}: {RecordReadError.Describe(PerfectGymNextEndpoints.GetCustomerById, ex)}");
        }
    }

    /// <summary>
    /// A customer's contracts (add-ons inside), optionally only ACTIVE or INACTIVE ones. Of a contract that can't be read,
    /// its ids (its own and its add-ons') are still read where they can be, so its rows are known.
    /// </summary>
    public async Task<PerfectGymNextContracts> GetContractsAsync(
        long customerId, string? status = null, CancellationToken cancellationToken = default)
    {
        var query = $"customers/{Id(customerId)}/contracts" + (status is null ? string.Empty : "?status=" + Uri.EscapeDataString(status));
        using var document = await GetJsonAsync(query, PerfectGymNextEndpoints.GetCustomersContracts, notFoundIsNull: false, cancellationToken).ConfigureAwait(false);
        var unread = new List<PerfectGymNextUnreadContract>();
        var (records, _) = ReadRecords<PerfectGymNextContract>(
            document!.RootElement,
            PerfectGymNextEndpoints.GetCustomersContracts,
            (element, record) => unread.Add(new PerfectGymNextUnreadContract(record, TryRead<PerfectGymNextContractIds>(element))));
        return new PerfectGymNextContracts(records, unread);
    }

    /// <summary>
    /// A customer's check-ins between two dates (inclusive), slice by slice, asking in windows of at most
    /// <see cref="MaxCheckinWindowDays"/> days as the API requires.
    /// </summary>
    public async IAsyncEnumerable<PerfectGymNextSlice<PerfectGymNextCheckin>> GetCheckinsAsync(
        long customerId, DateOnly fromDate, DateOnly toDate, int sliceSize = MaxCheckinSliceSize, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sliceSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(sliceSize, MaxCheckinSliceSize);
        if (toDate < fromDate)
        {
            throw new ArgumentException("toDate is before fromDate.", nameof(toDate));
        }

        for (var windowStart = fromDate; windowStart <= toDate; windowStart = windowStart.AddDays(MaxCheckinWindowDays + 1))
        {
            var windowEnd = windowStart.AddDays(MaxCheckinWindowDays) is var end && end < toDate ? end : toDate;
            string? offset = null;
            PerfectGymNextSlice<PerfectGymNextCheckin> slice;
            do
            {
                var query = $"customers/{Id(customerId)}/activities/checkins?fromDate={Date(windowStart)}&toDate={Date(windowEnd)}" +
                            $"&sliceSize={sliceSize.ToString(CultureInfo.InvariantCulture)}" +
                            (offset is null ? string.Empty : "&offset=" + Uri.EscapeDataString(offset));
                slice = await GetSliceAsync<PerfectGymNextCheckin>(query, PerfectGymNextEndpoints.GetCustomersCheckinHistory, cancellationToken).ConfigureAwait(false);
                yield return slice;
                if (slice.HasNext && slice.Offset == offset)
                {
                    throw new PerfectGymNextException(_integration, HttpStatusCode.OK, null, null, $"{PerfectGymNextEndpoints.GetCustomersCheckinHistory}: the offset did not move; paging would never end.");
                }

                offset = slice.Offset;
            }
            while (slice.HasNext);
        }
    }

    public async Task<PerfectGymNextStudio> GetStudioInformationAsync(CancellationToken cancellationToken = default)
    {
        using var document = await GetJsonAsync("studios/information", PerfectGymNextEndpoints.GetStudioInformation, notFoundIsNull: false, cancellationToken).ConfigureAwait(false);
        return document!.RootElement.Deserialize<PerfectGymNextStudio>(Json)
            ?? throw new PerfectGymNextException(_integration, HttpStatusCode.OK, null, null, "studios/information answered null.");
    }

    public async Task<PerfectGymNextList<PerfectGymNextMembershipOffer>> GetMembershipOffersAsync(CancellationToken cancellationToken = default)
    {
        using var document = await GetJsonAsync("memberships/membership-offers", PerfectGymNextEndpoints.GetMembershipOffers, notFoundIsNull: false, cancellationToken).ConfigureAwait(false);
        var (records, malformed) = ReadRecords<PerfectGymNextMembershipOffer>(document!.RootElement, PerfectGymNextEndpoints.GetMembershipOffers);
        return new PerfectGymNextList<PerfectGymNextMembershipOffer>(records, malformed);
    }

    /// <summary>Whether the key is accepted (a HEAD request, as Magicline documents); false on 401/403.</summary>
    public async Task<bool> IsKeyValidAsync(CancellationToken cancellationToken = default)
    {
        using var request = NewRequest(HttpMethod.Head, "customers", PerfectGymNextEndpoints.KeyCheck);
        using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        return response.StatusCode switch
        {
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => false,
            _ when response.IsSuccessStatusCode => true,
            _ => throw new PerfectGymNextException(_integration, response.StatusCode, null, null, $"The key check answered {(int)response.StatusCode}."),
        };
    }

    /// <summary>Confirms the studio's activation: from then on PerfectGym sends webhooks.</summary>
    public async Task ConfirmActivationAsync(CancellationToken cancellationToken = default)
    {
        using var request = NewRequest(HttpMethod.Post, "studios/confirmActivation", PerfectGymNextEndpoints.ConfirmActivation);
        using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            throw await ErrorAsync(response.StatusCode, body, PerfectGymNextEndpoints.ConfirmActivation, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<PerfectGymNextSlice<T>> GetSliceAsync<T>(string relativeUri, string endpoint, CancellationToken cancellationToken)
    {
        using var document = await GetJsonAsync(relativeUri, endpoint, notFoundIsNull: false, cancellationToken).ConfigureAwait(false);
        var root = document!.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("result", out var result))
        {
            throw new PerfectGymNextException(_integration, HttpStatusCode.OK, null, null, $"{endpoint}: the answer has no 'result' array.");
        }

        var (records, malformed) = ReadRecords<T>(result, endpoint);
        var hasNext = root.TryGetProperty("hasNext", out var h) && h.ValueKind == JsonValueKind.True;
        var offset = root.TryGetProperty("offset", out var o) ? (o.ValueKind == JsonValueKind.Number ? o.GetRawText() : o.GetString()) : null;
        if (hasNext && string.IsNullOrEmpty(offset))
        {
            throw new PerfectGymNextException(_integration, HttpStatusCode.OK, null, null, $"{endpoint}: hasNext is true but no offset was given.");
        }

        return new PerfectGymNextSlice<T>(records, malformed, offset ?? string.Empty, hasNext);
    }

    private (List<T> Records, List<MalformedRecord> Malformed) ReadRecords<T>(JsonElement array, string endpoint, Action<JsonElement, MalformedRecord>? onMalformed = null)
    {
        if (array.ValueKind != JsonValueKind.Array)
        {
            throw new PerfectGymNextException(_integration, HttpStatusCode.OK, null, null, $"{endpoint}: expected an array.");
        }

        var records = new List<T>(array.GetArrayLength());
        var malformed = new List<MalformedRecord>();
        foreach (var element in array.EnumerateArray())
        {
            try
            {
                records.Add(element.Deserialize<T>(Json) ?? throw new JsonException("The record is null."));
            }
            catch (JsonException ex)
            {
                var record = new MalformedRecord(ReadId(element), RecordReadError.Describe(endpoint, ex));
                malformed.Add(record);
                onMalformed?.Invoke(element, record);
            }
        }

        return (records, malformed);
    }

    private static T? TryRead<T>(JsonElement element)
        where T : class
    {
        try
        {
            return element.Deserialize<T>(Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private async Task<JsonDocument?> GetJsonAsync(string relativeUri, string endpoint, bool notFoundIsNull, CancellationToken cancellationToken)
    {
        using var request = NewRequest(HttpMethod.Get, relativeUri, endpoint);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        if (notFoundIsNull && response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        if (!response.IsSuccessStatusCode)
        {
            throw await ErrorAsync(response.StatusCode, stream, endpoint, cancellationToken).ConfigureAwait(false);
        }

        try
        {
            return await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException ex)
        {
            throw new PerfectGymNextException(_integration, response.StatusCode, null, null, $"{endpoint}: the answer is not JSON ({ex.Message}).");
        }
    }

    private static HttpRequestMessage NewRequest(HttpMethod method, string relativeUri, string endpoint)
    {
        var request = new HttpRequestMessage(method, new Uri(relativeUri, UriKind.Relative));
        request.Options.Set(Resilience.SourceEndpoint.Option, endpoint);
        return request;
    }

    private async Task<PerfectGymNextException> ErrorAsync(HttpStatusCode status, Stream body, string endpoint, CancellationToken cancellationToken)
    {
        string? code = null, traceId = null, message = null;
        try
        {
            using var error = await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken).ConfigureAwait(false);
            code = error.RootElement.TryGetProperty("errorCode", out var c) ? c.GetString() : null;
            traceId = error.RootElement.TryGetProperty("traceId", out var t) ? t.GetString() : null;
            message = error.RootElement.TryGetProperty("errorMessage", out var m) ? m.GetString() : null;
        }
        catch (JsonException)
        {
            // Not the documented error body (a proxy's page, say): the status says enough.
        }

        var what = status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden
            ? $"the API key of integration '{_integration}' was refused; check Integrations__{_integration}__ApiKey and its scopes"
            : message ?? "no error body";
        return new PerfectGymNextException(_integration, status, code, traceId, $"{endpoint} answered {(int)status} {status}: {what}.");
    }

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string? ReadId(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (var name in new[] { "id", "checkinId" })
        {
            if (element.TryGetProperty(name, out var id))
            {
                return id.ValueKind == JsonValueKind.Number ? id.GetRawText() : id.ValueKind == JsonValueKind.String ? id.GetString() : null;
            }
        }

        return null;
    }
}
