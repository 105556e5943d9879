using System.Collections.Concurrent;
using System.Globalization;
using System.Xml.Linq;
using Fisikal.Sync.Simulators.Processes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Fisikal.Sync.Simulators.Gladstone;

/// <summary>
/// A Gladstone Plus 2 member web service on 127.0.0.1: SOAP 1.1 at <c>{BaseUrl}Login.asmx</c>, <c>Members.asmx</c> and
/// <c>General.asmx</c>, namespace <c>http://www.gladstonemrm.com/memberwebservice/</c>, the <c>AuthHeader</c> {Username,
/// Password, AppName} checked on every call (a SOAP fault otherwise), the member change feed with its run-id
/// semantics, RetrieveMember, GetMemberSubscriptionsWithDetails, GetSubscriptionTypes, GetAccessEvents, LoginMember,
/// faults on demand, and an admin API under <c>/_admin</c>.
/// </summary>
public sealed class GladstoneSimulator : IAsyncDisposable
{
    public static readonly XNamespace Ns = "http://www.gladstonemrm.com/memberwebservice/";
    private static readonly XNamespace Soap = "http://schemas.xmlsoap.org/soap/envelope/";
    private readonly ConcurrentDictionary<string, int> _calls = new(StringComparer.Ordinal);
    private WebApplication _app = null!;

    private GladstoneSimulator(GladstoneSimulatorOptions options, GladstoneStore store)
    {
        Options = options;
        Store = store;
    }

    public GladstoneSimulatorOptions Options { get; }

    public GladstoneStore Store { get; }

    /// <summary>The web service root (with its trailing slash, as seed 001 asks).</summary>
    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>When true every call answers a server fault: the service is down.</summary>
    public bool Down { get; set; }

    /// <summary>When set, LoginMember answers a SOAP fault with this code (e.g. <c>soap:Client</c>) instead of a result.</summary>
    public string? LoginFaultCode { get; set; }

    /// <summary>Changes each Subscription element before it is sent (a test's malformed record, say).</summary>
    public Action<XElement>? AlterSubscription { get; set; }

    /// <summary>Calls received per operation, e.g. "GetMemberChanges".</summary>
    public IReadOnlyDictionary<string, int> Calls => _calls;

    public static async Task<GladstoneSimulator> StartAsync(GladstoneSimulatorOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new GladstoneSimulatorOptions();
        var store = new GladstoneStore();
        store.Seed(options.Members, options.Seed, options.SiteIds, options.TimeProvider.GetUtcNow());
        var simulator = new GladstoneSimulator(options, store);
        var (app, address) = await LoopbackWebApp.StartAsync(
            a =>
            {
                a.MapPost("/Plus2MemberWebservice/{service}.asmx", simulator.HandleAsync);
                simulator.MapAdmin(a);
            },
            options.Port,
            cancellationToken).ConfigureAwait(false);
        simulator._app = app;
        simulator.BaseUrl = new Uri(address, "Plus2MemberWebservice/");
        return simulator;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private async Task<IResult> HandleAsync(string service, HttpRequest request)
    {
        XDocument envelope;
        try
        {
            envelope = await XDocument.LoadAsync(request.Body, LoadOptions.None, request.HttpContext.RequestAborted).ConfigureAwait(false);
        }
        catch (System.Xml.XmlException)
        {
            return Fault("soap:Client", "The request is not a SOAP envelope.");
        }

        var operation = envelope.Root?.Element(Soap + "Body")?.Elements().FirstOrDefault();
        if (operation is null || operation.Name.Namespace != Ns)
        {
            return Fault("soap:Client", "No operation in the SOAP body.");
        }

        var name = operation.Name.LocalName;
        _calls.AddOrUpdate(name, 1, (_, n) => n + 1);
        var auth = envelope.Root!.Element(Soap + "Header")?.Element(Ns + "AuthHeader");
        if (!Secrets.Match(auth?.Element(Ns + "Username")?.Value, Options.Username)
            || !Secrets.Match(auth?.Element(Ns + "Password")?.Value, Options.Password)
            || !Secrets.Match(auth?.Element(Ns + "AppName")?.Value, Options.AppName))
        {
            return Fault("soap:Client.Authentication", "Authentication failed: the AuthHeader's user, password or application is not valid.");
        }

        if (Down)
        {
            return Fault("soap:Server", "The service is unavailable.");
        }

        return Dispatch(service, name, operation);
    }

    /// <summary>The operation's answer: its result element, or the SOAP fault Gladstone gives.</summary>
    private IResult Dispatch(string service, string name, XElement operation)
    {
        string Arg(string arg) => operation.Element(Ns + arg)?.Value ?? string.Empty;
        return (service, name) switch
        {
            ("Login", "GetMemberChanges") => GetMemberChanges(Arg("systemName")),
            ("Login", "CommitMemberChanges") => Store.Commit(Arg("systemName"), long.Parse(Arg("runId"), CultureInfo.InvariantCulture))
                ? Respond(name, new XElement(Ns + "CommitMemberChangesResult", true))
                : Fault("soap:Client", $"Run {Arg("runId")} was not issued to system '{Arg("systemName")}'."),
            ("Login", "CleanupMemberChanges") => Respond(name, new XElement(Ns + "CleanupMemberChangesResult", Store.Cleanup(Arg("systemName")))),
            ("Login", "LoginMember") when LoginFaultCode is { } code => Fault(code, "The login could not be validated."),
            ("Login", "LoginMember") => LoginMember(Arg("identificationType"), Arg("identifier"), Arg("validationType"), Arg("validationValue")),
            ("Members", "RetrieveMember") => Store.Find(Arg("memberId")) is { } member
                ? Respond(name, Member(member, "RetrieveMemberResult"))
                : Fault("soap:Client", $"Member {Arg("memberId")} does not exist."),
            ("Members", "GetMemberSubscriptionsWithDetails") => Respond(name, new XElement(
                Ns + "GetMemberSubscriptionsWithDetailsResult", Store.Subscriptions(Arg("memberId")).Select(s => Altered(Subscription(s))))),
            ("Members", "GetAccessEvents") => Respond(name, new XElement(
                Ns + "GetAccessEventsResult", Store.AccessesSince(DateTimeOffset.Parse(Arg("fromDateTime"), CultureInfo.InvariantCulture)).Select(AccessEvent))),
            ("General", "GetSubscriptionTypes") => Respond(name, new XElement(
                Ns + "GetSubscriptionTypesResult",
                Store.SubscriptionTypes([.. operation.Element(Ns + "subscriptionTypeGroupIDs")?.Elements(Ns + "string").Select(e => e.Value) ?? []])
                    .Select(t => new XElement(Ns + "SubscriptionType", new XElement(Ns + "SubTypeId", t.SubTypeId), new XElement(Ns + "Description", t.Description))))),
            _ => Fault("soap:Client", $"{service}.asmx has no operation {name}."),
        };
    }

    private static XElement Subscription(GladstoneSubscription s) => new(
        Ns + "Subscription",
        new XElement(Ns + "SubscriptionRef", s.SubscriptionRef),
        new XElement(Ns + "MemberID", s.MemberId),
        new XElement(Ns + "SubTypeID", s.SubTypeId),
        new XElement(Ns + "StartDate", Date(s.StartDate)),
        s.EndDate is { } end ? new XElement(Ns + "EndDate", Date(end)) : null,
        new XElement(Ns + "SiteID", s.SiteId));

    private static XElement AccessEvent(GladstoneAccessEvent a) => new(
        Ns + "AccessEvent",
        new XElement(Ns + "AccessID", a.AccessId),
        new XElement(Ns + "MemberID", a.MemberId),
        new XElement(Ns + "SiteID", a.SiteId),
        new XElement(Ns + "AccessDateTime", a.AccessDateTime.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)));

    private IResult GetMemberChanges(string system)
    {
        var (members, runId) = Store.GetChanges(system);
        return Respond("GetMemberChanges", new XElement(Ns + "GetMemberChangesResult", members.Select(m => Member(m, "MemberChange"))), new XElement(Ns + "runId", runId));
    }

    private IResult LoginMember(string identificationType, string identifier, string validationType, string value)
    {
        var member = identificationType switch
        {
            "MemberID" => Store.Find(identifier),
            "HomeEmailAddress" or "LoginID" => Store.Members().FirstOrDefault(m => string.Equals(m.EmailAddress, identifier, StringComparison.OrdinalIgnoreCase)),
            _ => null,
        };
        var result = member is null || member.IsDeleted
            ? "MemberMissing"
            : validationType switch
            {
                "PIN" => member.Pin == value ? "Success" : "PinError",
                "Password" or "SecurePassword" => member.Password == value ? "Success" : "NotMatched",
                _ => "GeneralFailure",
            };
        return Respond("LoginMember", new XElement(
            Ns + "LoginMemberResult",
            new XElement(Ns + "Result", result),
            new XElement(Ns + "MemberID", result == "Success" ? member!.MemberId : string.Empty)));
    }

    private static XElement Member(GladstoneMember m, string element) => new(
        Ns + element,
        new XElement(Ns + "MemberID", m.MemberId),
        new XElement(Ns + "FirstName", m.FirstName),
        new XElement(Ns + "LastName", m.LastName),
        new XElement(Ns + "EmailAddress", m.EmailAddress),
        m.DateOfBirth is { } dob ? new XElement(Ns + "DateOfBirth", Date(dob)) : null,
        new XElement(Ns + "SiteID", m.SiteId),
        new XElement(Ns + "StatusID", m.StatusId),
        new XElement(Ns + "IsDeleted", m.IsDeleted));

    private static IResult Respond(string operation, params XElement[] content) => Results.Text(
        new XDocument(new XElement(Soap + "Envelope", new XAttribute(XNamespace.Xmlns + "soap", Soap), new XElement(Soap + "Body", new XElement(Ns + (operation + "Response"), content)))).ToString(SaveOptions.DisableFormatting),
        "text/xml; charset=utf-8");

    private XElement Altered(XElement subscription)
    {
        AlterSubscription?.Invoke(subscription);
        return subscription;
    }

    private static IResult Fault(string code, string message) => Results.Text(
        new XDocument(new XElement(
            Soap + "Envelope",
            new XAttribute(XNamespace.Xmlns + "soap", Soap),
            new XElement(Soap + "Body", new XElement(Soap + "Fault", new XElement("faultcode", code), new XElement("faultstring", message))))).ToString(SaveOptions.DisableFormatting),
        "text/xml; charset=utf-8",
        statusCode: 500);

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "T00:00:00";

    private void MapAdmin(WebApplication app)
    {
        var admin = app.MapGroup("/_admin");
        admin.MapGet("/members", () => Results.Json(new { count = Store.Members().Count }));
        admin.MapPut("/members/{id}", (string id, GladstoneMember member) => Results.Json(Store.Upsert(member with { MemberId = id })));
        admin.MapPost("/members/{id}/subscriptions", (string id, AdminSubscription s) =>
            Store.Find(id) is null ? Results.NotFound() : Results.Json(Store.AddSubscription(id, s.SubTypeId, s.StartDate, s.EndDate, s.SiteId)));
        admin.MapPost("/members/{id}/accesses", (string id, AdminAccess a) =>
            Results.Json(Store.AddAccess(id, a.SiteId, a.At ?? Options.TimeProvider.GetUtcNow())));
        admin.MapPut("/down", (bool down) =>
        {
            Down = down;
            return Results.NoContent();
        });
        admin.MapGet("/stats", () => Results.Json(new { calls = Calls, cleaned = Store.CommittedChangesCleaned }));
    }

    private sealed record AdminSubscription(string SubTypeId, DateOnly StartDate, DateOnly? EndDate, string? SiteId);

    private sealed record AdminAccess(string SiteId, DateTimeOffset? At);
}
