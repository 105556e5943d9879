using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Fisikal.Sync.Core.Integrations;
using Fisikal.Sync.Core.Storage;
using Microsoft.Extensions.Logging;

namespace Fisikal.Sync.Core.Sync.Webhooks;

/// <summary>
/// Takes PerfectGym Next webhooks (<c>{entityId, uuid, payload: [{timestamp, type, content}]}</c>) and only queues them, so
/// the answer comes well inside PerfectGym's 5 seconds. The webhook key (<c>x-api-key</c>) identifies the integration,
/// compared in constant time. PerfectGym never sends a failed delivery again, so each event of a delivery stands alone:
/// one that can't be read (an impossible timestamp, an unknown shape) is counted as rejected and the others are acted on;
/// an event whose enqueue still fails after the storage client's retries (within a deadline that keeps the answer in
/// time) puts its member on the <see cref="MemberEventBacklog"/>, which the next client sync re-reads first. An event is
/// deduped by its uuid in <c>WebhookEvents</c> (partitioned by integration and the event's hour), recorded once queued or
/// listed; unknown event types and fields are ignored.
/// </summary>
public sealed partial class PerfectGymNextWebhookReceiver(
    IntegrationRegistry integrations, SyncStorage storage, MemberEventBacklog backlog, TimeProvider time, ILogger<PerfectGymNextWebhookReceiver> logger)
{
    /// <summary>How long an event's enqueue may take, the storage client's own retries included, before its member is listed instead.</summary>
    public static readonly TimeSpan EnqueueDeadline = TimeSpan.FromSeconds(2.5);

    /// <summary>How far ahead of our clock an event's timestamp may be (clock skew); later is impossible.</summary>
    public static readonly TimeSpan FutureSkew = TimeSpan.FromDays(1);

    /// <summary>Before this, a timestamp is impossible for a webhook of PerfectGym Next's Open API.</summary>
    public static readonly DateTimeOffset Earliest = new(2015, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The event types acted on; CONTRACT_* covers every contract and add-on event.</summary>
    public static bool IsKnown(string type) =>
        type is "CUSTOMER_CREATED" or "CUSTOMER_UPDATED" or "CUSTOMER_DELETED" or "CUSTOMER_CHECKIN" || type.StartsWith("CONTRACT_", StringComparison.Ordinal);

    /// <summary>
    /// The integration whose webhook key this is, or null. Every configured key is compared, in constant time; a key that is
    /// an unresolved Key Vault reference is not configured, so its text opens nothing.
    /// </summary>
    public IntegrationOptions? Authenticate(string? presentedKey)
    {
        var presented = Encoding.UTF8.GetBytes(presentedKey ?? string.Empty);
        IntegrationOptions? match = null;
        foreach (var integration in integrations.All.Where(i => i.Kind == IntegrationKind.PerfectGymNext && i.UsableWebhookApiKey is not null))
        {
            if (CryptographicOperations.FixedTimeEquals(presented, Encoding.UTF8.GetBytes(integration.UsableWebhookApiKey!)))
            {
                match = integration;
            }
        }

        return presentedKey is { Length: > 0 } ? match : null;
    }

    /// <exception cref="JsonException">The body is not a webhook delivery (its entityId, uuid or payload array).</exception>
    public async Task<WebhookReceipt> ReceiveAsync(IntegrationOptions integration, JsonElement body, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(integration);

        // The trace of the member's journey starts here; the queued messages carry it on.
        using var activity = Diagnostics.SyncTelemetry.Source.StartActivity("PerfectGymNext webhook", System.Diagnostics.ActivityKind.Server);
        activity?.SetTag("fisikal.integration", integration.Name);
        var (entityId, uuid, payload) = Delivery(body);
        var now = time.GetUtcNow();
        var outcomes = new List<EventOutcome>();
        var index = -1;
        foreach (var item in payload.EnumerateArray())
        {
            index++;
            outcomes.Add(await ActAsync(integration, entityId, uuid, index, item, now, cancellationToken).ConfigureAwait(false));
        }

        int Count(EventOutcome outcome) => outcomes.Count(o => o == outcome);
        return new WebhookReceipt(
            Count(EventOutcome.Queued), Count(EventOutcome.Duplicate), Count(EventOutcome.Ignored), Count(EventOutcome.Rejected), Count(EventOutcome.Deferred), Count(EventOutcome.Failed));
    }

    /// <summary>The delivery's entity id, uuid and payload, or a <see cref="JsonException"/> saying what is missing.</summary>
    private static (long EntityId, string Uuid, JsonElement Payload) Delivery(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object || !body.TryGetProperty("entityId", out var entity) || entity.ValueKind != JsonValueKind.Number || !entity.TryGetInt64(out var entityId) ||
            !body.TryGetProperty("uuid", out var uuidElement) || uuidElement.ValueKind != JsonValueKind.String || uuidElement.GetString() is not { Length: > 0 } uuid ||
            !body.TryGetProperty("payload", out var payload) || payload.ValueKind != JsonValueKind.Array)
        {
            throw new JsonException("A webhook event has an entityId (number), a uuid and a payload array.");
        }

        if (!TableKeys.IsValidSourceId(uuid))
        {
            throw new JsonException("The webhook's uuid can't be a key: at most 256 characters, without / \\ # ? or control characters.");
        }

        return (entityId, uuid, payload);
    }

    /// <summary>One event of the delivery: queued, or listed for the next client sync when the queue can't take it, once.</summary>
    private async Task<EventOutcome> ActAsync(IntegrationOptions integration, long entityId, string uuid, int index, JsonElement item, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (Read(item, now) is not { } read)
        {
            LogRejected(integration.Name, uuid, index);
            return EventOutcome.Rejected;
        }

        if (!IsKnown(read.Type))
        {
            return EventOutcome.Ignored;
        }

        var eventKey = index == 0 ? uuid : $"{uuid}:{index.ToString(CultureInfo.InvariantCulture)}";
        var partition = $"{integration.Name}:{read.At.UtcDateTime.ToString("yyyyMMddHH", CultureInfo.InvariantCulture)}";
        if (await SeenAsync(partition, eventKey, cancellationToken).ConfigureAwait(false))
        {
            return EventOutcome.Duplicate;
        }

        var memberId = entityId.ToString(CultureInfo.InvariantCulture);
        var message = new MemberEventMessage(integration.Name, eventKey, read.Type, entityId, now);
        EventOutcome outcome;
        if (await TryAsync(token => storage.EnqueueAsync(QueueNames.MemberEvents, message, token), cancellationToken).ConfigureAwait(false))
        {
            outcome = EventOutcome.Queued;
        }
        else if (await TryAsync(token => backlog.AddAsync(integration.Name, memberId, read.Type, token), cancellationToken).ConfigureAwait(false))
        {
            outcome = EventOutcome.Deferred;
            LogDeferred(integration.Name, read.Type, memberId);
        }
        else
        {
            LogLost(integration.Name, read.Type, memberId);
            return EventOutcome.Failed;
        }

        // Recorded once acted on (queued or listed): a repeat of the event is then a duplicate. If the record fails, a
        // repeat is queued again; the handlers are idempotent, so that costs a read, never a change.
        var record = new TableEntity(partition, eventKey) { ["Type"] = read.Type, ["EntityId"] = entityId, ["ReceivedAt"] = now };
        await TryAsync(token => storage.Table(TableNames.WebhookEvents).UpsertEntityAsync(record, TableUpdateMode.Replace, token), cancellationToken).ConfigureAwait(false);
        return outcome;
    }

    private enum EventOutcome
    {
        Queued,
        Duplicate,
        Ignored,
        Rejected,
        Deferred,
        Failed,
    }

    /// <summary>An event's type and time, or null when it can't be read: not an object, no type, or an impossible timestamp.</summary>
    private static (string Type, DateTimeOffset At)? Read(JsonElement item, DateTimeOffset now)
    {
        if (item.ValueKind != JsonValueKind.Object || !item.TryGetProperty("type", out var t) || t.ValueKind != JsonValueKind.String || t.GetString() is not { Length: > 0 } type)
        {
            return null;
        }

        if (!item.TryGetProperty("timestamp", out var ts) || ts.ValueKind == JsonValueKind.Null)
        {
            return (type, now);
        }

        if (ts.ValueKind != JsonValueKind.Number || !ts.TryGetInt64(out var ms) || ms < Earliest.ToUnixTimeMilliseconds() || ms > (now + FutureSkew).ToUnixTimeMilliseconds())
        {
            return null;
        }

        return (type, DateTimeOffset.FromUnixTimeMilliseconds(ms));
    }

    /// <summary>Whether the event was acted on already. A store that can't say is taken for "no": acting twice is harmless.</summary>
    private async Task<bool> SeenAsync(string partition, string eventKey, CancellationToken cancellationToken)
    {
        var seen = false;
        await TryAsync(
            async token => seen = await storage.Table(TableNames.WebhookEvents).GetEntityOrNullAsync(partition, eventKey, ["RowKey"], token).ConfigureAwait(false) is not null,
            cancellationToken).ConfigureAwait(false);
        return seen;
    }

    /// <summary>
    /// Runs a storage call within <see cref="EnqueueDeadline"/> (the storage client retries inside it); false when it failed
    /// or ran past its deadline, never when the caller gave up (that throws).
    /// </summary>
    private async Task<bool> TryAsync(Func<CancellationToken, Task> call, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(EnqueueDeadline);
        try
        {
            await call(deadline.Token).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (ex is RequestFailedException or OperationCanceledException or HttpRequestException && !cancellationToken.IsCancellationRequested)
        {
            LogStorageFailed(ex.GetType().Name, ex.Message);
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook for {Integration} (uuid {Uuid}): event {Index} can't be read (not an event, or an impossible timestamp); the others go on")]
    private partial void LogRejected(string integration, string uuid, int index);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook for {Integration}: {Type} for member {MemberId} could not be queued; the member is listed for the next client sync")]
    private partial void LogDeferred(string integration, string type, string memberId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Webhook for {Integration}: {Type} for member {MemberId} could be neither queued nor listed; the next scan or sweep is all that will catch it")]
    private partial void LogLost(string integration, string type, string memberId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook receipt: a storage call failed ({Error}: {Message})")]
    private partial void LogStorageFailed(string error, string message);
}
