using System.Globalization;
using Fisikal.Sync.Core.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Fisikal.Sync.Functions.Hosting;

/// <summary>
/// When <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (environment or local.settings.json), the app's metrics and traces
/// (<see cref="SyncTelemetry"/>) are exported over OTLP: <c>http/protobuf</c> to <c>{endpoint}/v1/metrics</c> and
/// <c>/v1/traces</c>, or <c>grpc</c> when <c>OTEL_EXPORTER_OTLP_PROTOCOL</c> says so; metrics every
/// <c>OTEL_METRIC_EXPORT_INTERVAL</c> ms (60000). The providers are built by hand because OpenTelemetry's hosting
/// add-on does not restore here; they are disposed, and so flushed, when the app stops.
/// </summary>
public static class TelemetryExport
{
    public static IServiceCollection AddFisikalTelemetryExport(this IServiceCollection services, IConfiguration configuration)
    {
        if (configuration["OTEL_EXPORTER_OTLP_ENDPOINT"] is not { Length: > 0 } endpointText)
        {
            return services;
        }

        if (!Uri.TryCreate(endpointText, UriKind.Absolute, out var endpoint))
        {
            throw new InvalidOperationException("OTEL_EXPORTER_OTLP_ENDPOINT must be an absolute URL.");
        }

        var grpc = string.Equals(configuration["OTEL_EXPORTER_OTLP_PROTOCOL"], "grpc", StringComparison.OrdinalIgnoreCase);
        var interval = int.TryParse(configuration["OTEL_METRIC_EXPORT_INTERVAL"], NumberStyles.None, CultureInfo.InvariantCulture, out var ms) ? ms : 60_000;
        var resource = ResourceBuilder.CreateDefault().AddService(configuration["OTEL_SERVICE_NAME"] ?? "fisikal-sync");
        void Configure(OtlpExporterOptions options, string signal)
        {
            options.Protocol = grpc ? OtlpExportProtocol.Grpc : OtlpExportProtocol.HttpProtobuf;
            options.Endpoint = grpc ? endpoint : new Uri(endpoint.AbsoluteUri.TrimEnd('/') + "/v1/" + signal);
            if (configuration["OTEL_EXPORTER_OTLP_HEADERS"] is { Length: > 0 } headers)
            {
                options.Headers = headers;
            }
        }

        var meters = Sdk.CreateMeterProviderBuilder()
            .SetResourceBuilder(resource)
            .AddMeter(SyncTelemetry.Name)
            .AddOtlpExporter((exporter, reader) =>
            {
                Configure(exporter, "metrics");
                reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = interval;
            })
            .Build();
        var traces = Sdk.CreateTracerProviderBuilder()
            .SetResourceBuilder(resource)
            .AddSource(SyncTelemetry.Name)

            // ASP.NET Core's own request spans: a webhook's trace starts at its request, sampled, and the queued work follows it.
            .AddSource("Microsoft.AspNetCore")
            .AddOtlpExporter(exporter => Configure(exporter, "traces"))
            .Build();
        services.AddSingleton(meters);
        services.AddSingleton(traces);
        return services;
    }
}
