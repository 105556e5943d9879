using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Fisikal.Sync.Core.Sources.PerfectGymNext;

/// <summary>
/// The PerfectGym Next Open API of one studio. Slices are read record by record, so a record that does
/// not parse is reported with its id and skipped while the rest of the slice is used.
/// </summary>
public sealed class PerfectGymNextClient
{
    public const int MaxCustomerSliceSize = 500;

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
    };

    private readonly HttpClient _http;
    private readonly string _integration;

    /// <param name="http">Its BaseAddress is the studio's base URL ending in /v1; its handlers add the key.</param>
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
        return GetSliceAsync<PerfectGymNextCustomer>(query, "GET /v1/customers", cancellationToken);
    }

    private async Task<PerfectGymNextSlice<T>> GetSliceAsync<T>(string relativeUri, string endpoint, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, relativeUri);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw await ErrorAsync(response.StatusCode, stream, endpoint, cancellationToken).ConfigureAwait(false);
        }

        using var document = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("result", out var result) || result.ValueKind != JsonValueKind.Array)
        {
            throw new PerfectGymNextException(_integration, response.StatusCode, null, null, $"{endpoint}: the answer has no 'result' array.");
        }

        var records = new List<T>(result.GetArrayLength());
        var malformed = new List<MalformedRecord>();
        foreach (var element in result.EnumerateArray())
        {
            try
            {
                records.Add(element.Deserialize<T>(Json) ?? throw new JsonException("The record is null."));
            }
            catch (JsonException ex)
            {
                malformed.Add(new MalformedRecord(ReadId(element), $"{endpoint}: {ex.Message}"));
            }
        }

        var hasNext = root.TryGetProperty("hasNext", out var h) && h.ValueKind == JsonValueKind.True;
        var offset = root.TryGetProperty("offset", out var o) ? (o.ValueKind == JsonValueKind.Number ? o.GetRawText() : o.GetString()) : null;
        if (hasNext && string.IsNullOrEmpty(offset))
        {
            throw new PerfectGymNextException(_integration, response.StatusCode, null, null, $"{endpoint}: hasNext is true but no offset was given.");
        }

        return new PerfectGymNextSlice<T>(records, malformed, offset ?? string.Empty, hasNext);
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

    private static string? ReadId(JsonElement element) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty("id", out var id)
            ? id.ValueKind == JsonValueKind.Number ? id.GetRawText() : id.ValueKind == JsonValueKind.String ? id.GetString() : null
            : null;
}
