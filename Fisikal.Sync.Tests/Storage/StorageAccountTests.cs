using System.Text;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Fisikal.Sync.Core.Storage;
using Fisikal.Sync.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Fisikal.Sync.Tests.Storage;

/// <summary>The storage setting is read as the Functions host reads <c>AzureWebJobsStorage</c>, and the SDK clients it registers work on Azurite.</summary>
public sealed class StorageAccountTests
{
    [Fact]
    public async Task A_connection_string_registers_sdk_clients_that_write_tables_and_base64_queue_messages()
    {
        var azurite = await AzuriteServer.GetAsync();
        await using var services = Provider(new() { ["AzureWebJobsStorage"] = azurite.ConnectionString });
        var table = services.GetRequiredService<TableServiceClient>().GetTableClient(AzuriteServer.UniqueName("t"));
        var queue = services.GetRequiredService<QueueServiceClient>().GetQueueClient(AzuriteServer.UniqueName("q"));
        await table.CreateIfNotExistsAsync();
        await queue.CreateIfNotExistsAsync();

        await table.UpsertEntityAsync(new TableEntity("p", "r") { ["Name"] = "Edgar" });
        await queue.SendMessageAsync("{\"memberId\":\"42\"}");

        Assert.Equal("Edgar", (await table.GetEntityOrNullAsync("p", "r"))?.GetString("Name"));
        // The host's queue triggers read base64: a client that does not decode sees the encoded text.
        var raw = new QueueClient(azurite.ConnectionString, queue.Name, new QueueClientOptions(QueueClientOptions.ServiceVersion.V2025_11_05));
        var peeked = (await raw.PeekMessagesAsync()).Value.Single();
        Assert.Equal("{\"memberId\":\"42\"}", Encoding.UTF8.GetString(Convert.FromBase64String(peeked.MessageText)));
        Assert.Equal("{\"memberId\":\"42\"}", (await queue.ReceiveMessageAsync()).Value.MessageText);
        Assert.Null(await table.GetEntityOrNullAsync("p", "nobody"));
    }

    [Fact]
    public void UseDevelopmentStorage_is_Azurite_on_its_default_ports()
    {
        using var services = Provider(new() { ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true" });

        Assert.Equal(new Uri("http://127.0.0.1:10002/devstoreaccount1"), services.GetRequiredService<TableServiceClient>().Uri);
        Assert.Equal(new Uri("http://127.0.0.1:10001/devstoreaccount1"), services.GetRequiredService<QueueServiceClient>().Uri);
    }

    [Fact]
    public void An_account_name_with_managed_identity_reaches_the_accounts_endpoints_without_a_key()
    {
        using var services = Provider(new()
        {
            ["AzureWebJobsStorage:accountName"] = "fisikal",
            ["AzureWebJobsStorage:credential"] = "managedidentity",
            ["AzureWebJobsStorage:clientId"] = "00000000-0000-0000-0000-000000000001",
        });

        var tables = services.GetRequiredService<TableServiceClient>();
        var queues = services.GetRequiredService<QueueServiceClient>();
        Assert.Equal(new Uri("https://fisikal.table.core.windows.net"), tables.Uri);
        Assert.Equal(new Uri("https://fisikal.queue.core.windows.net"), queues.Uri);
        Assert.Equal("fisikal", tables.AccountName);
        Assert.False(queues.CanGenerateAccountSasUri, "an identity-based client holds no account key");
        Assert.Null(services.GetRequiredService<StorageAccount>().ConnectionString);
    }

    [Fact]
    public void Service_uris_can_be_given_one_by_one()
    {
        var account = StorageAccount.FromConfiguration(Configuration(new()
        {
            ["AzureWebJobsStorage:tableServiceUri"] = "https://t.example/",
            ["AzureWebJobsStorage:queueServiceUri"] = "https://q.example/",
        }));

        Assert.Equal("t.example", account.TableServiceUri!.Host);
        Assert.Equal("q.example", account.QueueServiceUri!.Host);
        Assert.Null(account.ConnectionString);
    }

    [Theory]
    [InlineData(null, null, "Storage is not configured: set 'AzureWebJobsStorage'")]
    [InlineData("credential", "key", "'AzureWebJobsStorage__credential' must be 'managedidentity' or absent.")]
    [InlineData("tableServiceUri", "not a uri", "'AzureWebJobsStorage__tableServiceUri' is not an absolute URI.")]
    public void Bad_settings_name_the_setting(string? key, string? value, string expected)
    {
        var settings = new Dictionary<string, string?> { ["AzureWebJobsStorage:accountName"] = key is null ? null : "fisikal" };
        if (key is not null)
        {
            settings["AzureWebJobsStorage:" + key] = value;
        }

        var ex = Assert.Throws<InvalidOperationException>(() => StorageAccount.FromConfiguration(Configuration(settings)));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_connection_string_is_never_shown()
    {
        var account = StorageAccount.FromConfiguration(Configuration(new() { ["AzureWebJobsStorage"] = "AccountName=a;AccountKey=c2VjcmV0" }));

        Assert.DoesNotContain("c2VjcmV0", account.ToString(), StringComparison.Ordinal);
    }

    private static IConfiguration Configuration(Dictionary<string, string?> settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings).Build();

    private static ServiceProvider Provider(Dictionary<string, string?> settings) =>
        new ServiceCollection().AddStorageAccount(StorageAccount.FromConfiguration(Configuration(settings))).BuildServiceProvider();
}
