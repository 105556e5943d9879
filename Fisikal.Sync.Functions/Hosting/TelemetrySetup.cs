using Azure.Core;
using Azure.Identity;
using Azure.Monitor.OpenTelemetry.Exporter;
using Fisikal.Sync.Core.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Fisikal.Sync.Functions.Hosting;

/// <summary>
/// The app's metrics and traces (<see cref="SyncTelemetry"/>, with ASP.NET Core's and HttpClient's instrumentation),
/// through OpenTelemetry's hosting: exported over OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (the SDK reads the
/// standard <c>OTEL_*</c> settings: protocol, headers, intervals), and to Application Insights when
/// <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> is set, the app setting Azure gives a Function App. With neither, nothing
/// is collected.
/// </summary>
public static class TelemetrySetup
{
    public const string ApplicationInsightsSetting = "APPLICATIONINSIGHTS_CONNECTION_STRING";

    /// <summary><c>Authorization=AAD</c> (and <c>ClientId=</c> a user-assigned identity): Application Insights with local authentication off, as infra/ deploys it.</summary>
    public const string ApplicationInsightsAuthenticationSetting = "APPLICATIONINSIGHTS_AUTHENTICATION_STRING";

    public static IServiceCollection AddFisikalTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        Uri? otlp = null;
        if (configuration["OTEL_EXPORTER_OTLP_ENDPOINT"] is { Length: > 0 } endpoint && !Uri.TryCreate(endpoint, UriKind.Absolute, out otlp))
        {
            throw new InvalidOperationException("OTEL_EXPORTER_OTLP_ENDPOINT must be an absolute URL.");
        }

        var applicationInsights = configuration[ApplicationInsightsSetting] is { Length: > 0 } connectionString ? connectionString : null;
        var credential = EntraCredential(configuration[ApplicationInsightsAuthenticationSetting]);
        if (otlp is null && applicationInsights is null)
        {
            return services;
        }

        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(configuration["OTEL_SERVICE_NAME"] ?? "fisikal-sync"))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(SyncTelemetry.Name).AddAspNetCoreInstrumentation().AddHttpClientInstrumentation();
                if (applicationInsights is not null)
                {
                    metrics.AddAzureMonitorMetricExporter(options => Configure(options, applicationInsights, credential));
                }
            })
            .WithTracing(tracing =>
            {
                // The worker's own invocation span continues the trace the host passes with each invocation (an HTTP
                // request's traceparent), so a webhook's trace starts at its request and the queued work follows it.
                tracing.AddSource(SyncTelemetry.Name, "Microsoft.Azure.Functions.Worker").AddAspNetCoreInstrumentation().AddHttpClientInstrumentation();
                if (applicationInsights is not null)
                {
                    tracing.AddAzureMonitorTraceExporter(options => Configure(options, applicationInsights, credential));
                }
            });
        if (otlp is not null)
        {
            // http/protobuf unless OTEL_EXPORTER_OTLP_PROTOCOL says grpc (the specification's default; the .NET SDK's own is grpc).
            var grpc = string.Equals(configuration["OTEL_EXPORTER_OTLP_PROTOCOL"], "grpc", StringComparison.OrdinalIgnoreCase);
            telemetry.UseOtlpExporter(grpc ? OtlpExportProtocol.Grpc : OtlpExportProtocol.HttpProtobuf, otlp);
        }

        return services;
    }

    /// <summary>
    /// The token credential <c>APPLICATIONINSIGHTS_AUTHENTICATION_STRING</c> asks for (the setting the Functions host reads;
    /// the exporter takes a credential instead): a managed identity, user-assigned when it names a client id.
    /// </summary>
    public static TokenCredential? EntraCredential(string? authentication)
    {
        if (string.IsNullOrWhiteSpace(authentication))
        {
            return null;
        }

        var parts = authentication.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => p.Split('=', 2))
            .ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : string.Empty, StringComparer.OrdinalIgnoreCase);
        if (!string.Equals(parts.GetValueOrDefault("Authorization"), "AAD", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"{ApplicationInsightsAuthenticationSetting} must say Authorization=AAD (and ClientId=<id> for a user-assigned identity).");
        }

        return parts.GetValueOrDefault("ClientId") is { Length: > 0 } clientId
            ? new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId))
            : new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned);
    }

    private static void Configure(AzureMonitorExporterOptions options, string connectionString, TokenCredential? credential)
    {
        options.ConnectionString = connectionString;
        options.Credential = credential;

        // Every trace, as over OTLP (the exporter's default keeps 5 a second, which would drop most of a sync run's);
        // Live Metrics is the distro's, not this exporter's.
        options.TracesPerSecond = null;
        options.SamplingRatio = 1.0F;
        options.EnableLiveMetrics = false;

        // What could not be sent is dropped, not kept on the instance's disk for later.
        options.DisableOfflineStorage = true;
    }
}
