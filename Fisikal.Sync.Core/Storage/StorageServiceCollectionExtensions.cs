using Azure.Core.Extensions;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Fisikal.Sync.Core.Storage;

public static class StorageServiceCollectionExtensions
{
    /// <summary>
    /// Registers the Azure SDK's <see cref="TableServiceClient"/> and <see cref="QueueServiceClient"/> for the account, through
    /// Microsoft.Extensions.Azure: a connection string as it is; an identity-based account with the credential its settings
    /// name, made by the same <see cref="AzureComponentFactory"/> the Functions host uses.
    /// </summary>
    public static IServiceCollection AddStorageAccount(this IServiceCollection services, StorageAccount account)
    {
        ArgumentNullException.ThrowIfNull(account);
        services.AddSingleton(account);

        // The SDK logs every request and response at Information: its warnings and errors are what a person needs.
        services.Configure<LoggerFilterOptions>(options => options.AddFilter("Azure", LogLevel.Warning));
        services.AddAzureClients(clients =>
        {
            if (account.ConnectionString is { } connectionString)
            {
                clients.AddTableServiceClient(connectionString);
                clients.AddClient<QueueServiceClient, QueueClientOptions>(_ => new QueueServiceClient(connectionString, StorageAccount.QueueOptions()));
                return;
            }

            clients.UseCredential(sp => sp.GetRequiredService<AzureComponentFactory>().CreateTokenCredential(account.Identity!));
            clients.AddTableServiceClient(account.TableServiceUri!);
            clients.AddClient<QueueServiceClient, QueueClientOptions>((_, credential) => new QueueServiceClient(account.QueueServiceUri!, credential, StorageAccount.QueueOptions()));
        });
        return services;
    }
}
