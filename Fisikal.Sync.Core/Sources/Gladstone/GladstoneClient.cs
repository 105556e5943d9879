using System.Globalization;
using System.Net;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using Fisikal.Sync.Core.Integrations;

namespace Fisikal.Sync.Core.Sources.Gladstone;

/// <summary>
/// The Gladstone Plus 2 member web service: SOAP 1.1 over HttpClient, namespace
/// <c>http://www.gladstonemrm.com/memberwebservice/</c>, the <c>AuthHeader</c> {Username, Password, AppName} on every call,
/// faults as <see cref="GladstoneException"/>. Where the public record is silent the choices are here, in one place:
/// the member change calls are <c>GetMemberChanges</c> / <c>CommitMemberChanges</c> / <c>CleanupMemberChanges</c> on
/// Login.asmx (mirroring the documented Get/Commit/CleanupUserChanges), returning member records; door accesses come
/// from <c>GetAccessEvents(fromDateTime)</c> on Members.asmx; a missing member is a client fault from RetrieveMember (never
/// read as a deletion: Gladstone keeps deleted members, flagged IsDeleted).
/// </summary>
public sealed class GladstoneClient(HttpClient http, HttpClient interactive, IntegrationOptions integration)
{
    public static readonly XNamespace Ns = "http://www.gladstonemrm.com/memberwebservice/";
    private static readonly XNamespace Soap = "http://schemas.xmlsoap.org/soap/envelope/";

    /// <summary>GetMemberChanges: the members changed since this system's last commit (all before its first), and the run id to commit.</summary>
    public async Task<(List<GladstoneMemberRecord> Members, List<MalformedRecord> Malformed, long RunId)> GetMemberChangesAsync(string systemName, long lastRunId, CancellationToken cancellationToken = default)
    {
        var response = await CallAsync("Login", "GetMemberChanges", [Arg("systemName", systemName), Arg("lastRunId", lastRunId)], cancellationToken).ConfigureAwait(false);
        var (members, malformed) = Records(response.Element(Ns + "GetMemberChangesResult"), "MemberChange", "MemberID", ReadMember);
        var runId = long.TryParse(response.Element(Ns + "runId")?.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? id
            : throw new GladstoneException(integration.Name, HttpStatusCode.OK, null, "GetMemberChanges returned no runId.");
        return (members, malformed, runId);
    }

    /// <summary>CommitMemberChanges: called only after the run's changes are stored (else the next get returns them again).</summary>
    public Task CommitMemberChangesAsync(string systemName, long runId, CancellationToken cancellationToken = default) =>
        CallAsync("Login", "CommitMemberChanges", [Arg("systemName", systemName), Arg("runId", runId)], cancellationToken);

    /// <summary>CleanupMemberChanges: deletes committed change records at the source (once a day, at a quiet hour).</summary>
    public async Task<int> CleanupMemberChangesAsync(string systemName, CancellationToken cancellationToken = default)
    {
        var response = await CallAsync("Login", "CleanupMemberChanges", [Arg("systemName", systemName)], cancellationToken).ConfigureAwait(false);
        return int.TryParse(response.Element(Ns + "CleanupMemberChangesResult")?.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : 0;
    }

    /// <summary>
    /// RetrieveMember. Gladstone keeps deleted members (IsDeleted), so nothing it answers here says "no such member": a
    /// client fault (an unknown id among its possible reasons) throws, as does a member that can't be read.
    /// </summary>
    public async Task<GladstoneMemberRecord> RetrieveMemberAsync(string memberId, CancellationToken cancellationToken = default)
    {
        var response = await CallAsync("Members", "RetrieveMember", [Arg("memberId", memberId)], cancellationToken).ConfigureAwait(false);
        var member = response.Element(Ns + "RetrieveMemberResult")
            ?? throw new GladstoneException(integration.Name, HttpStatusCode.OK, null, $"RetrieveMember answered no member for '{memberId}'.");
        try
        {
            return ReadMember(member);
        }
        catch (FormatException ex)
        {
            throw new GladstoneException(integration.Name, HttpStatusCode.OK, null, $"RetrieveMember: member '{memberId}' could not be read: {ex.Message}");
        }
    }

    public async Task<(List<GladstoneSubscriptionRecord> Subscriptions, List<MalformedRecord> Malformed)> GetMemberSubscriptionsAsync(string memberId, CancellationToken cancellationToken = default)
    {
        var response = await CallAsync("Members", "GetMemberSubscriptionsWithDetails", [Arg("memberId", memberId)], cancellationToken).ConfigureAwait(false);
        return Records(response.Element(Ns + "GetMemberSubscriptionsWithDetailsResult"), "Subscription", "SubscriptionRef", s => new GladstoneSubscriptionRecord(
            Key(s, "SubscriptionRef"), Required(s, "SubTypeID"), Date(s, "StartDate"), Date(s, "EndDate"), Text(s, "SiteID")));
    }

    public async Task<List<(string SubTypeId, string? Description)>> GetSubscriptionTypesAsync(IEnumerable<string> groupIds, CancellationToken cancellationToken = default)
    {
        var response = await CallAsync("General", "GetSubscriptionTypes", [new XElement(Ns + "subscriptionTypeGroupIDs", groupIds.Select(g => new XElement(Ns + "string", g)))], cancellationToken).ConfigureAwait(false);
        return [.. response.Element(Ns + "GetSubscriptionTypesResult")?.Elements(Ns + "SubscriptionType").Select(t => (Required(t, "SubTypeId"), Text(t, "Description"))) ?? []];
    }

    public async Task<(List<GladstoneAccessRecord> Accesses, List<MalformedRecord> Malformed)> GetAccessEventsAsync(DateTimeOffset from, CancellationToken cancellationToken = default)
    {
        var response = await CallAsync("Members", "GetAccessEvents", [Arg("fromDateTime", from.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture))], cancellationToken).ConfigureAwait(false);
        return Records(response.Element(Ns + "GetAccessEventsResult"), "AccessEvent", "AccessID", a => new GladstoneAccessRecord(
            Key(a, "AccessID"), Key(a, "MemberID"), Required(a, "SiteID"),
            DateTimeOffset.Parse(Required(a, "AccessDateTime"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal)));
    }

    /// <summary>LoginMember (one attempt: a person is waiting): the member id when the result is Success, else null.</summary>
    public async Task<string?> LoginMemberAsync(string identificationType, string identifier, string validationType, string validationValue, CancellationToken cancellationToken = default)
    {
        var response = await CallAsync(
            "Login",
            "LoginMember",
            [Arg("identificationType", identificationType), Arg("identifier", identifier), Arg("validationType", validationType), Arg("validationValue", validationValue)],
            cancellationToken,
            interactiveCall: true).ConfigureAwait(false);
        var result = response.Element(Ns + "LoginMemberResult");
        return result?.Element(Ns + "Result")?.Value == "Success" && Text(result, "MemberID") is { } memberId ? memberId : null;
    }

    private async Task<XElement> CallAsync(string service, string operation, XElement[] arguments, CancellationToken cancellationToken, bool interactiveCall = false)
    {
        var envelope = new XDocument(new XElement(
            Soap + "Envelope",
            new XAttribute(XNamespace.Xmlns + "soap", Soap),
            new XElement(Soap + "Header", new XElement(
                Ns + "AuthHeader",
                new XElement(Ns + "Username", integration.Username),
                new XElement(Ns + "Password", integration.Password),
                new XElement(Ns + "AppName", integration.AppName))),
            new XElement(Soap + "Body", new XElement(Ns + operation, arguments))));
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(service + ".asmx", UriKind.Relative))
        {
            Content = new StringContent(envelope.ToString(SaveOptions.DisableFormatting), Encoding.UTF8, "text/xml"),
        };
        request.Headers.TryAddWithoutValidation("SOAPAction", $"\"{Ns.NamespaceName}{operation}\"");
        request.Options.Set(Resilience.SourceEndpoint.Option, operation);
        using var response = await (interactiveCall ? interactive : http).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        XDocument answer;
        try
        {
            // Streamed, not buffered: no DTD (an entity expansion can't blow up), no external resolution, and a cap on size.
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            using var reader = XmlReader.Create(body, SafeXml);
            answer = await XDocument.LoadAsync(reader, LoadOptions.None, cancellationToken).ConfigureAwait(false);
        }
        catch (XmlException ex)
        {
            throw new GladstoneException(integration.Name, response.StatusCode, null, $"{operation} answered {(int)response.StatusCode} without a readable SOAP envelope ({ex.Message}).");
        }

        if (answer.Descendants(Soap + "Fault").FirstOrDefault() is { } fault)
        {
            var code = fault.Element("faultcode")?.Value;
            var status = response.StatusCode == HttpStatusCode.InternalServerError && code is not null
                ? (code.Contains("Authentication", StringComparison.Ordinal) ? HttpStatusCode.Unauthorized : code.Contains("Client", StringComparison.Ordinal) ? HttpStatusCode.BadRequest : response.StatusCode)
                : response.StatusCode;
            var message = status == HttpStatusCode.Unauthorized
                ? $"the AuthHeader of integration '{integration.Name}' was refused; check Integrations__{integration.Name}__Username, __Password and __AppName"
                : fault.Element("faultstring")?.Value ?? "no fault string";
            throw new GladstoneException(integration.Name, status, code, $"{operation} answered a SOAP fault ({code}): {message}.");
        }

        return answer.Descendants(Ns + (operation + "Response")).FirstOrDefault()
            ?? throw new GladstoneException(integration.Name, response.StatusCode, null, $"{operation} answered {(int)response.StatusCode} without its response element.");
    }

    private static GladstoneMemberRecord ReadMember(XElement m) => new(
        Key(m, "MemberID"),
        Text(m, "FirstName"),
        Text(m, "LastName"),
        Text(m, "EmailAddress"),
        Date(m, "DateOfBirth"),
        Text(m, "SiteID"),
        Text(m, "StatusID") ?? string.Empty,
        bool.TryParse(Text(m, "IsDeleted"), out var deleted) && deleted);

    /// <summary>Reads records one by one: one that does not parse is reported with its id (<paramref name="idElement"/>) and the rest are used.</summary>
    private static (List<T> Records, List<MalformedRecord> Malformed) Records<T>(XElement? container, string element, string idElement, Func<XElement, T> read)
    {
        var records = new List<T>();
        var malformed = new List<MalformedRecord>();
        foreach (var item in container?.Elements(Ns + element) ?? [])
        {
            try
            {
                records.Add(read(item));
            }
            catch (FormatException ex)
            {
                malformed.Add(new MalformedRecord(Text(item, idElement), $"{element}: {ex.Message}"));
            }
        }

        return (records, malformed);
    }

    /// <summary>At most this many characters in an answer: a whole club's change feed fits many times over.</summary>
    public const long MaxResponseCharacters = 64L * 1024 * 1024;

    private static readonly XmlReaderSettings SafeXml = new()
    {
        Async = true,
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        MaxCharactersInDocument = MaxResponseCharacters,
        MaxCharactersFromEntities = 1024,
    };

    private static XElement Arg(string name, object value) => new(Ns + name, value);

    private static string? Text(XElement parent, string name) => parent.Element(Ns + name)?.Value is { Length: > 0 } value ? value : null;

    private static string Required(XElement parent, string name) => Text(parent, name) ?? throw new FormatException($"{name} is missing.");

    /// <summary>An id that becomes a table key (a RowKey or part of one): one that can't be is a malformed record, never a write that fails.</summary>
    private static string Key(XElement parent, string name) =>
        Required(parent, name) is var id && Storage.TableKeys.IsValidSourceId(id)
            ? id
            : throw new FormatException($"{name} can't be a table key (it holds / \\ # ? or a control character, or is longer than {Storage.TableKeys.MaxSourceIdLength} characters).");

    /// <summary>A date as written, whatever offset follows it: 1990-05-04T00:00:00+02:00 is 4 May, not 3 May in UTC.</summary>
    private static DateOnly? Date(XElement parent, string name) =>
        Text(parent, name) is not { } text ? null
        : DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date) ? DateOnly.FromDateTime(date.DateTime)
        : throw new FormatException($"{name} '{text}' is not a date.");
}
