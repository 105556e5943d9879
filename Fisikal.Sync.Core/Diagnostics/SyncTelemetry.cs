using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Fisikal.Sync.Core.Diagnostics;

/// <summary>
/// The app's traces and metrics, under one name, <c>Fisikal.Sync</c> (System.Diagnostics: exported over OTLP when
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set, otherwise free to listen to). Tags carry integrations, endpoints,
/// tables and queues, never personal data or secrets.
/// </summary>
public static class SyncTelemetry
{
    public const string Name = "Fisikal.Sync";

    public static readonly ActivitySource Source = new(Name);

    public static readonly Meter Meter = new(Name);

    /// <summary>Source records read, by integration and stream (members, purchases, visits).</summary>
    public static readonly Counter<long> Records = Meter.CreateCounter<long>("fisikal.sync.records", "{record}", "Source records read");

    /// <summary>Rows written to the contract tables, by table.</summary>
    public static readonly Counter<long> EntityWrites = Meter.CreateCounter<long>("fisikal.storage.entity_writes", "{entity}", "Table rows written");

    /// <summary>Requests to a source (every attempt), by integration, endpoint and status code.</summary>
    public static readonly Counter<long> SourceRequests = Meter.CreateCounter<long>("fisikal.source.requests", "{request}", "Requests sent to a source");

    /// <summary>429s from a source, by integration and endpoint.</summary>
    public static readonly Counter<long> SourceThrottled = Meter.CreateCounter<long>("fisikal.source.throttled", "{response}", "Rate-limited answers (429) from a source");

    /// <summary>Tokens taken from the shared rate budget, by integration and endpoint.</summary>
    public static readonly Counter<long> BudgetTokens = Meter.CreateCounter<long>("fisikal.budget.tokens", "{token}", "Rate budget tokens leased");

    /// <summary>From a queue message's insertion to the start of its processing, by queue.</summary>
    public static readonly Histogram<double> QueueLag = Meter.CreateHistogram<double>("fisikal.queue.lag", "ms", "Time a message waited in its queue");

    /// <summary>From a webhook's receipt to its member's rows in the tables, by integration.</summary>
    public static readonly Histogram<double> WebhookLatency = Meter.CreateHistogram<double>("fisikal.webhook.latency", "ms", "Webhook receipt to table write");

    public static KeyValuePair<string, object?> Tag(string name, object? value) => new(name, value);
}
