using Azure.Identity;
using Fisikal.Sync.Core.Storage;
using Microsoft.Extensions.Configuration;

namespace Fisikal.Sync.Tests.Storage;

public sealed class StorageConnectionTests
{
    [Fact]
    public void UseDevelopmentStorage_points_at_Azurite_default_ports_with_the_well_known_key()
    {
        var connection = StorageConnection.Parse("UseDevelopmentStorage=true");

        Assert.Equal(new Uri("http://127.0.0.1:10002/devstoreaccount1"), connection.TableServiceUri);
        Assert.Equal(new Uri("http://127.0.0.1:10001/devstoreaccount1"), connection.QueueServiceUri);
        Assert.Equal("devstoreaccount1", connection.SharedKey!.AccountName);
    }

    [Fact]
    public void A_full_connection_string_derives_endpoints_from_account_and_suffix()
    {
        var connection = StorageConnection.Parse("DefaultEndpointsProtocol=https;AccountName=fisikal;AccountKey=AAAA;EndpointSuffix=core.windows.net");

        Assert.Equal(new Uri("https://fisikal.table.core.windows.net"), connection.TableServiceUri);
        Assert.Equal(new Uri("https://fisikal.queue.core.windows.net"), connection.QueueServiceUri);
    }

    [Fact]
    public void Explicit_endpoints_win()
    {
        var connection = StorageConnection.Parse("AccountName=devstoreaccount1;AccountKey=AAAA;TableEndpoint=http://127.0.0.1:5/devstoreaccount1;QueueEndpoint=http://127.0.0.1:6/devstoreaccount1");

        Assert.Equal(5, connection.TableServiceUri.Port);
        Assert.Equal(6, connection.QueueServiceUri.Port);
    }

    [Fact]
    public void Identity_based_settings_use_a_token_credential_and_no_key()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage:accountName"] = "fisikal",
            ["AzureWebJobsStorage:credential"] = "managedidentity",
            ["AzureWebJobsStorage:clientId"] = "00000000-0000-0000-0000-000000000001",
        }).Build();

        var connection = StorageConnection.FromConfiguration(configuration);

        Assert.Null(connection.SharedKey);
        Assert.IsType<ManagedIdentityCredential>(connection.TokenCredential);
        Assert.Equal(new Uri("https://fisikal.table.core.windows.net"), connection.TableServiceUri);
    }

    [Fact]
    public void Service_uris_can_be_given_one_by_one()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage:tableServiceUri"] = "https://t.example/",
            ["AzureWebJobsStorage:queueServiceUri"] = "https://q.example/",
        }).Build();

        var connection = StorageConnection.FromConfiguration(configuration);

        Assert.Equal("t.example", connection.TableServiceUri.Host);
        Assert.IsType<DefaultAzureCredential>(connection.TokenCredential);
    }

    [Fact]
    public void Missing_storage_names_the_setting()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => StorageConnection.FromConfiguration(new ConfigurationBuilder().Build()));
        Assert.Contains("AzureWebJobsStorage", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Printing_a_connection_never_shows_the_key()
    {
        var connection = StorageConnection.Parse("UseDevelopmentStorage=true");
        Assert.DoesNotContain(StorageConnection.DevelopmentAccountKey, connection.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(StorageConnection.DevelopmentAccountKey, connection.SharedKey!.ToString(), StringComparison.Ordinal);
    }
}
