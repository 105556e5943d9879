using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.Configuration;

namespace Fisikal.Sync.Core.Storage;

/// <summary>
/// Where the storage account is and how to authenticate, read the way the Functions host reads
/// <c>AzureWebJobsStorage</c>: a connection string (<c>UseDevelopmentStorage=true</c> or a full one),
/// or identity-based settings (<c>__accountName</c>, <c>__tableServiceUri</c>, <c>__queueServiceUri</c>,
/// <c>__credential</c>, <c>__clientId</c>).
/// </summary>
public sealed record StorageConnection(
    Uri TableServiceUri,
    Uri QueueServiceUri,
    StorageSharedKeyCredential? SharedKey,
    TokenCredential? TokenCredential)
{
    /// <summary>The well-known Azurite / storage emulator account.</summary>
    public const string DevelopmentAccountName = "devstoreaccount1";

    public const string DevelopmentAccountKey =
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    public static StorageConnection FromConfiguration(IConfiguration configuration, string name = "AzureWebJobsStorage")
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var connectionString = configuration[name];
        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            return Parse(connectionString, name);
        }

        var section = configuration.GetSection(name);
        var accountName = section["accountName"];
        var tableUri = section["tableServiceUri"];
        var queueUri = section["queueServiceUri"];
        if (string.IsNullOrEmpty(accountName) && (string.IsNullOrEmpty(tableUri) || string.IsNullOrEmpty(queueUri)))
        {
            throw new InvalidOperationException(
                $"Storage is not configured: set '{name}' to a connection string (UseDevelopmentStorage=true for Azurite), " +
                $"or '{name}__accountName' (or '{name}__tableServiceUri' and '{name}__queueServiceUri') for managed identity.");
        }

        var tables = ParseUri(tableUri, name + "__tableServiceUri") ?? new Uri($"https://{accountName}.table.core.windows.net");
        var queues = ParseUri(queueUri, name + "__queueServiceUri") ?? new Uri($"https://{accountName}.queue.core.windows.net");
        return new StorageConnection(tables, queues, null, CreateTokenCredential(section["credential"], section["clientId"], name));
    }

    public static StorageConnection Parse(string connectionString, string settingName = "AzureWebJobsStorage")
    {
        var parts = ParseParts(connectionString, settingName);
        if (parts.TryGetValue("UseDevelopmentStorage", out var dev) && bool.TryParse(dev, out var isDev) && isDev)
        {
            var proxy = parts.TryGetValue("DevelopmentStorageProxyUri", out var p) ? new Uri(p) : new Uri("http://127.0.0.1");
            return new StorageConnection(
                new Uri($"{proxy.Scheme}://{proxy.Host}:10002/{DevelopmentAccountName}"),
                new Uri($"{proxy.Scheme}://{proxy.Host}:10001/{DevelopmentAccountName}"),
                new StorageSharedKeyCredential(DevelopmentAccountName, DevelopmentAccountKey),
                null);
        }

        if (parts.ContainsKey("SharedAccessSignature"))
        {
            throw new NotSupportedException($"'{settingName}': SAS connection strings are not supported; use an account key or managed identity.");
        }

        if (!parts.TryGetValue("AccountName", out var account) || !parts.TryGetValue("AccountKey", out var key))
        {
            throw new FormatException($"'{settingName}' must name AccountName and AccountKey, or be UseDevelopmentStorage=true.");
        }

        var protocol = parts.GetValueOrDefault("DefaultEndpointsProtocol", "https");
        var suffix = parts.GetValueOrDefault("EndpointSuffix", "core.windows.net");
        var tableEndpoint = parts.TryGetValue("TableEndpoint", out var t) ? new Uri(t) : new Uri($"{protocol}://{account}.table.{suffix}");
        var queueEndpoint = parts.TryGetValue("QueueEndpoint", out var q) ? new Uri(q) : new Uri($"{protocol}://{account}.queue.{suffix}");
        return new StorageConnection(tableEndpoint, queueEndpoint, new StorageSharedKeyCredential(account, key), null);
    }

    /// <summary>A connection string for Azurite listening on the given ports of 127.0.0.1.</summary>
    public static string AzuriteConnectionString(int tablePort, int queuePort) =>
        $"DefaultEndpointsProtocol=http;AccountName={DevelopmentAccountName};AccountKey={DevelopmentAccountKey};" +
        $"TableEndpoint=http://127.0.0.1:{tablePort}/{DevelopmentAccountName};" +
        $"QueueEndpoint=http://127.0.0.1:{queuePort}/{DevelopmentAccountName};";

    public override string ToString() => $"StorageConnection(tables: {TableServiceUri}, queues: {QueueServiceUri})";

    private static Dictionary<string, string> ParseParts(string connectionString, string settingName)
    {
        var parts = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var segment in connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = segment.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new FormatException($"'{settingName}' is not a valid connection string (expected key=value pairs separated by ';').");
            }

            parts[segment[..eq].Trim()] = segment[(eq + 1)..].Trim();
        }

        return parts;
    }

    private static Uri? ParseUri(string? value, string settingName)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        return Uri.TryCreate(value, UriKind.Absolute, out var uri)
            ? uri
            : throw new FormatException($"'{settingName}' is not an absolute URI.");
    }

    private static TokenCredential CreateTokenCredential(string? credential, string? clientId, string name)
    {
        if (string.Equals(credential, "managedidentity", StringComparison.OrdinalIgnoreCase))
        {
            return string.IsNullOrEmpty(clientId)
                ? new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned)
                : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId));
        }

        if (!string.IsNullOrEmpty(credential))
        {
            throw new FormatException($"'{name}__credential' must be 'managedidentity' or absent.");
        }

        return new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = clientId });
    }
}
