using Azure.Storage.Queues;
using Microsoft.Extensions.Configuration;

namespace Fisikal.Sync.Core.Storage;

/// <summary>
/// Where the app's storage account is, read exactly as the Functions host reads <c>AzureWebJobsStorage</c>: a value is a
/// connection string (<c>UseDevelopmentStorage=true</c> included); otherwise the section's <c>accountName</c> (→
/// <c>https://{name}.table|queue.core.windows.net</c>) or <c>tableServiceUri</c> and <c>queueServiceUri</c>, reached with
/// the token credential its <c>credential</c> / <c>clientId</c> settings describe.
/// </summary>
public sealed record StorageAccount
{
    public const string DefaultSettingName = "AzureWebJobsStorage";

    private StorageAccount(string? connectionString, Uri? tableServiceUri, Uri? queueServiceUri, IConfigurationSection? identity)
    {
        ConnectionString = connectionString;
        TableServiceUri = tableServiceUri;
        QueueServiceUri = queueServiceUri;
        Identity = identity;
    }

    /// <summary>The connection string, when the setting is one (a secret: never logged, see <see cref="ToString"/>).</summary>
    public string? ConnectionString { get; }

    /// <summary>The Table service address for an identity-based connection.</summary>
    public Uri? TableServiceUri { get; }

    /// <summary>The Queue service address for an identity-based connection.</summary>
    public Uri? QueueServiceUri { get; }

    /// <summary>The section describing the token credential (<c>credential</c>, <c>clientId</c>) of an identity-based connection.</summary>
    public IConfigurationSection? Identity { get; }

    public static StorageAccount FromConfiguration(IConfiguration configuration, string name = DefaultSettingName)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(name);
        if (!string.IsNullOrWhiteSpace(section.Value))
        {
            return new StorageAccount(section.Value, null, null, null);
        }

        var accountName = section["accountName"];
        var tables = ParseUri(section["tableServiceUri"], name + "__tableServiceUri");
        var queues = ParseUri(section["queueServiceUri"], name + "__queueServiceUri");
        if (string.IsNullOrEmpty(accountName) && (tables is null || queues is null))
        {
            throw new InvalidOperationException(
                $"Storage is not configured: set '{name}' to a connection string (UseDevelopmentStorage=true for Azurite), " +
                $"or '{name}__accountName' (or '{name}__tableServiceUri' and '{name}__queueServiceUri') for managed identity.");
        }

        var credential = section["credential"];
        if (!string.IsNullOrEmpty(credential) && !string.Equals(credential, "managedidentity", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"'{name}__credential' must be 'managedidentity' or absent.");
        }

        return new StorageAccount(
            null,
            tables ?? new Uri($"https://{accountName}.table.core.windows.net"),
            queues ?? new Uri($"https://{accountName}.queue.core.windows.net"),
            section);
    }

    /// <summary>
    /// The queue client options the app and its triggers agree on: base64 messages (the Functions host's default
    /// <c>messageEncoding</c>), and a service version Azurite 3.37 serves (the SDK's newest, 2026-10-06, is refused
    /// by it; Azure serves every version).
    /// </summary>
    public static QueueClientOptions QueueOptions() =>
        new(QueueClientOptions.ServiceVersion.V2025_11_05) { MessageEncoding = QueueMessageEncoding.Base64 };

    public override string ToString() => ConnectionString is null
        ? $"StorageAccount(tables: {TableServiceUri}, queues: {QueueServiceUri}, identity)"
        : "StorageAccount(connection string)";

    private static Uri? ParseUri(string? value, string settingName)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        return Uri.TryCreate(value, UriKind.Absolute, out var uri)
            ? uri
            : throw new InvalidOperationException($"'{settingName}' is not an absolute URI.");
    }
}
