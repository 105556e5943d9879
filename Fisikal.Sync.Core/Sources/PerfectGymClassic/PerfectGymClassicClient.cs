using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Fisikal.Sync.Core.Sources.PerfectGymClassic;

/// <summary>
/// A PerfectGym classic (PGM) club's API: OData v2.2 entity sets at <c>{BaseUrl}/Api/v2.2/odata/</c>, read a page
/// at a time following <c>@odata.nextLink</c>, and the v1 credential check. Records are read one by one, so a
/// record that does not parse is reported with its id and the rest are used. A nextLink is followed only when it
/// points back into the same club's OData root: the client's secret is never sent anywhere else.
/// </summary>
public sealed class PerfectGymClassicClient
{
    /// <summary>The OData root, relative to the client's base address (the club's site root + /Api/).</summary>
    public const string ODataRoot = "v2.2/odata/";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
    };

    private readonly HttpClient _http;
    private readonly HttpClient _interactive;
    private readonly string _integration;

    /// <param name="http">Base address <c>{BaseUrl}/Api/</c>; its handlers add the client id and secret, the budget and resilience.</param>
    /// <param name="interactive">The same base address and credentials, one attempt, for calls a person waits on.</param>
    public PerfectGymClassicClient(HttpClient http, HttpClient interactive, string integration)
    {
        _http = http;
        _interactive = interactive;
        _integration = integration;
    }

    /// <summary>The integration this client reads for (named in its errors).</summary>
    public string Integration => _integration;

    /// <summary>One page of an entity set: <paramref name="query"/> is relative to the OData root (a set with its options, or a nextLink).</summary>
    public async Task<ODataPage<T>> GetPageAsync<T>(string query, string endpoint, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(ODataRoot + query, UriKind.Relative));
        request.Options.Set(Resilience.SourceEndpoint.Option, endpoint);
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw await ErrorAsync(response.StatusCode, stream, endpoint, cancellationToken).ConfigureAwait(false);
        }

        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException ex)
        {
            throw new PerfectGymClassicException(_integration, response.StatusCode, null, $"{endpoint}: the answer is not JSON ({ex.Message}).");
        }

        using (document)
        {
            if (!document.RootElement.TryGetProperty("value", out var value) || value.ValueKind != JsonValueKind.Array)
            {
                throw new PerfectGymClassicException(_integration, response.StatusCode, null, $"{endpoint}: the answer has no 'value' array.");
            }

            var records = new List<T>(value.GetArrayLength());
            var malformed = new List<MalformedRecord>();
            long? highestVersion = null;
            foreach (var element in value.EnumerateArray())
            {
                if (element.ValueKind == JsonValueKind.Object && element.TryGetProperty("version", out var version) && version.TryGetInt64(out var v))
                {
                    highestVersion = Math.Max(highestVersion ?? long.MinValue, v);
                }

                try
                {
                    records.Add(element.Deserialize<T>(Json) ?? throw new JsonException("The record is null."));
                }
                catch (JsonException ex)
                {
                    malformed.Add(new MalformedRecord(element.ValueKind == JsonValueKind.Object && element.TryGetProperty("id", out var id) ? id.ToString() : null, Sources.Json.RecordReadError.Describe(endpoint, ex)));
                }
            }

            var next = document.RootElement.TryGetProperty("@odata.nextLink", out var link) ? Relative(link.GetString(), endpoint) : null;
            return new ODataPage<T>(records, malformed, next, highestVersion);
        }
    }

    /// <summary>
    /// The v1 credential check, <c>POST Users/ValidateCredentials</c> (the only documented one; see the README):
    /// the member's id when PGM accepts the user name and password, null when it answers 400 (wrong credentials).
    /// One attempt, no retries: a person is waiting. Anything else (401/403, 5xx, a timeout) throws.
    /// </summary>
    public async Task<long?> ValidateCredentialsAsync(string userName, string password, CancellationToken cancellationToken = default)
    {
        using var response = await _interactive.PostAsJsonAsync(new Uri("Users/ValidateCredentials", UriKind.Relative), new { userName, password }, cancellationToken).ConfigureAwait(false);
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.BadRequest)
        {
            return null;
        }

        if (!response.IsSuccessStatusCode)
        {
            throw await ErrorAsync(response.StatusCode, stream, PerfectGymClassicEndpoints.ValidateCredentials, cancellationToken).ConfigureAwait(false);
        }

        JsonDocument user;
        try
        {
            user = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException)
        {
            throw new PerfectGymClassicException(_integration, response.StatusCode, null, "ValidateCredentials answered something that is not JSON.");
        }

        using var _ = user;
        return user.RootElement.ValueKind == JsonValueKind.Object && user.RootElement.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.Number && id.TryGetInt64(out var memberId)
            ? memberId
            : throw new PerfectGymClassicException(_integration, response.StatusCode, null, "ValidateCredentials accepted the credentials but named no user id.");
    }

    /// <summary>A nextLink relative to the OData root; one that leaves it is refused.</summary>
    private string Relative(string? nextLink, string endpoint)
    {
        var root = new Uri(_http.BaseAddress!, ODataRoot);
        if (nextLink is null || !Uri.TryCreate(root, nextLink, out var absolute) || !absolute.AbsoluteUri.StartsWith(root.AbsoluteUri, StringComparison.OrdinalIgnoreCase))
        {
            throw new PerfectGymClassicException(_integration, HttpStatusCode.OK, null, $"{endpoint}: the @odata.nextLink does not point into this club's OData root; not followed.");
        }

        return absolute.AbsoluteUri[root.AbsoluteUri.Length..];
    }

    private async Task<PerfectGymClassicException> ErrorAsync(HttpStatusCode status, Stream body, string endpoint, CancellationToken cancellationToken)
    {
        string? code = null, message = null;
        try
        {
            using var error = await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (error.RootElement.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array && errors.GetArrayLength() > 0)
            {
                code = errors[0].TryGetProperty("code", out var c) ? c.GetString() : null;
                message = errors[0].TryGetProperty("message", out var m) ? m.GetString() : null;
            }
        }
        catch (JsonException)
        {
            // Not PGM's error body: the status says enough.
        }

        var what = status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden
            ? $"the API client of integration '{_integration}' was refused; check Integrations__{_integration}__ClientId and __ClientSecret and its ApiAccess permission"
            : message ?? "no error body";
        return new PerfectGymClassicException(_integration, status, code, $"{endpoint} answered {(int)status} {status}: {what}.");
    }
}
