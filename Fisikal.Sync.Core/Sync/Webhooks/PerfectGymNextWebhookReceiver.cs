using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure;
using Fisikal.Sync.Core.Integrations;
using Azure.Data.Tables;
using Fisikal.Sync.Core.Storage;

namespace Fisikal.Sync.Core.Sync.Webhooks;

/// <summary>
/// Takes PerfectGym Next webhooks (<c>{entityId, uuid, payload: [{timestamp, type, content}]}</c>) and only
/// queues them, so the answer comes well inside PerfectGym's 5 seconds. The webhook key (<c>x-api-key</c>)
/// identifies the integration, compared in constant time. An event is deduped by its uuid in the
/// <c>WebhookEvents</c> table (partitioned by integration and the event's hour, so PerfectGym's retries
/// ten minutes later are still caught), recorded only once it is queued; unknown event types and fields are ignored.
/// </summary>
public sealed class PerfectGymNextWebhookReceiver(IntegrationRegistry integrations, SyncStorage storage, TimeProvider time)
{
    /// <summary>The event types acted on; CONTRACT_* covers every contract and add-on event.</summary>
    public static bool IsKnown(string type) =>
        type is "CUSTOMER_CREATED" or "CUSTOMER_UPDATED" or "CUSTOMER_DELETED" or "CUSTOMER_CHECKIN" || type.StartsWith("CONTRACT_", StringComparison.Ordinal);

    /// <summary>The integration whose webhook key this is, or null. Every configured key is compared, in constant time.</summary>
    public IntegrationOptions? Authenticate(string? presentedKey)
    {
        var presented = Encoding.UTF8.GetBytes(presentedKey ?? string.Empty);
        IntegrationOptions? match = null;
        foreach (var integration in integrations.All.Where(i => i.Kind == IntegrationKind.PerfectGymNext && !string.IsNullOrEmpty(i.WebhookApiKey)))
        {
            if (CryptographicOperations.FixedTimeEquals(presented, Encoding.UTF8.GetBytes(integration.WebhookApiKey!)))
            {
                match = integration;
            }
        }

        return presentedKey is { Length: > 0 } ? match : null;
    }

    /// <exception cref="JsonException">The body is not a webhook event.</exception>
    public async Task<WebhookReceipt> ReceiveAsync(IntegrationOptions integration, JsonElement body, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(integration);

        // The trace of the member's journey starts here; the queued messages carry it on.
        using var activity = Diagnostics.SyncTelemetry.Source.StartActivity("PerfectGymNext webhook", System.Diagnostics.ActivityKind.Server);
        activity?.SetTag("fisikal.integration", integration.Name);
        if (body.ValueKind != JsonValueKind.Object || !body.TryGetProperty("entityId", out var entity) || !entity.TryGetInt64(out var entityId) ||
            !body.TryGetProperty("uuid", out var uuidElement) || uuidElement.GetString() is not { Length: > 0 } uuid ||
            !body.TryGetProperty("payload", out var payload) || payload.ValueKind != JsonValueKind.Array)
        {
            throw new JsonException("A webhook event has an entityId (number), a uuid and a payload array.");
        }

        TableKeys.ValidateKey(uuid, "uuid");
        var now = time.GetUtcNow();
        int queued = 0, duplicates = 0, ignored = 0, index = 0;
        foreach (var item in payload.EnumerateArray())
        {
            var type = item.TryGetProperty("type", out var t) ? t.GetString() ?? string.Empty : string.Empty;
            var at = item.TryGetProperty("timestamp", out var ts) && ts.TryGetInt64(out var ms) ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : now;
            var eventKey = index++ == 0 ? uuid : $"{uuid}:{index - 1}";
            if (!IsKnown(type))
            {
                ignored++;
                continue;
            }

            // Seen once already (recorded only after it was queued): PerfectGym's redelivery, nothing to do.
            var events = storage.Table(TableNames.WebhookEvents);
            var partition = $"{integration.Name}:{at.UtcDateTime.ToString("yyyyMMddHH", CultureInfo.InvariantCulture)}";
            if (await events.GetEntityOrNullAsync(partition, eventKey, ["RowKey"], cancellationToken).ConfigureAwait(false) is not null)
            {
                duplicates++;
                continue;
            }

            // Queue first, then record: an event is taken for a duplicate only once it is durably queued, so a failed
            // enqueue leaves PerfectGym's redelivery to be acted on. Two deliveries racing may both queue it; the
            // handlers are idempotent, so that costs a read, never a change.
            var message = new MemberEventMessage(integration.Name, eventKey, type, entityId, now);
            await storage.EnqueueAsync(QueueNames.MemberEvents, message, cancellationToken).ConfigureAwait(false);
            queued++;
            var record = new TableEntity(partition, eventKey) { ["Type"] = type, ["EntityId"] = entityId, ["ReceivedAt"] = now };
            await events.UpsertEntityAsync(record, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        }

        return new WebhookReceipt(queued, duplicates, ignored);
    }
}
