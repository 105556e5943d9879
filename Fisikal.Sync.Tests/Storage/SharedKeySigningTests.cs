using Azure.Core;
using Azure.Core.Pipeline;
using Fisikal.Sync.Core.Storage;
using Fisikal.Sync.Core.Storage.Queues;
using Fisikal.Sync.Core.Storage.Tables;

namespace Fisikal.Sync.Tests.Storage;

/// <summary>String-to-sign against fixed expected strings; signatures against HMACs computed independently (Python's hmac).</summary>
public sealed class SharedKeySigningTests
{
    private const string Date = "Sun, 22 Nov 2026 03:00:00 GMT";
    private static readonly StorageSharedKeyCredential DevKey = new(StorageConnection.DevelopmentAccountName, StorageConnection.DevelopmentAccountKey);

    [Fact]
    public void Table_SharedKeyLite_signs_date_and_canonical_resource()
    {
        var request = NewRequest(RequestMethod.Get, "http://127.0.0.1:10002/devstoreaccount1/Clients(PartitionKey='club',RowKey='1001')");
        request.Headers.SetValue("x-ms-date", Date);

        var stringToSign = TableSharedKeyLitePolicy.BuildStringToSign(request, "devstoreaccount1");

        Assert.Equal(Date + "\n/devstoreaccount1/devstoreaccount1/Clients(PartitionKey='club',RowKey='1001')", stringToSign);
        Assert.Equal("f4m3TKD3NMGmV75TkCsS6bu2Neu10PIXELX0GvpstVg=", DevKey.ComputeSignature(stringToSign));
    }

    [Theory]
    [InlineData("http://127.0.0.1:10002/devstoreaccount1/Tables", "/devstoreaccount1/devstoreaccount1/Tables")]
    [InlineData("https://acct.table.core.windows.net/Clients()?$filter=PartitionKey%20eq%20'a'&$top=5", "/acct/Clients()")]
    [InlineData("https://acct.table.core.windows.net/?comp=properties&restype=service", "/acct/?comp=properties")]
    public void Table_canonical_resource_keeps_only_comp_from_the_query(string uri, string resource)
    {
        var request = NewRequest(RequestMethod.Get, uri);
        request.Headers.SetValue("x-ms-date", Date);

        Assert.Equal(Date + "\n" + resource, TableSharedKeyLitePolicy.BuildStringToSign(request, resource.Split('/')[1]));
    }

    [Fact]
    public void Queue_SharedKey_signs_verb_headers_canonical_headers_and_sorted_query()
    {
        var request = NewRequest(RequestMethod.Put, "http://127.0.0.1:10001/devstoreaccount1/sync-member-pages/messages/abc?visibilitytimeout=30&popreceipt=AgAAAA%3D%3D");
        request.Headers.SetValue("x-ms-version", "2021-12-02");
        request.Headers.SetValue("x-ms-date", Date);
        request.Headers.SetValue("Content-Type", "application/xml");
        request.Content = RequestContent.Create(new byte[42]);

        var stringToSign = QueueSharedKeyPolicy.BuildStringToSign(request, "devstoreaccount1");

        Assert.Equal(
            "PUT\n\n\n42\n\napplication/xml\n\n\n\n\n\n\n" +
            "x-ms-date:" + Date + "\nx-ms-version:2021-12-02\n" +
            "/devstoreaccount1/devstoreaccount1/sync-member-pages/messages/abc\npopreceipt:AgAAAA==\nvisibilitytimeout:30",
            stringToSign);
        Assert.Equal("niPAcTmLyJOqJlezqIXmy9/YSIQoVyYd0vXjK+BbtxM=", DevKey.ComputeSignature(stringToSign));
    }

    [Fact]
    public void Queue_SharedKey_leaves_content_length_empty_without_a_body()
    {
        var request = NewRequest(RequestMethod.Get, "https://acct.queue.core.windows.net/q1?comp=metadata");
        request.Headers.SetValue("x-ms-date", Date);

        Assert.Equal("GET\n\n\n\n\n\n\n\n\n\n\n\nx-ms-date:" + Date + "\n/acct/q1\ncomp:metadata", QueueSharedKeyPolicy.BuildStringToSign(request, "acct"));
    }

    [Fact]
    public void An_invalid_account_key_is_reported_without_its_value()
    {
        var ex = Assert.Throws<FormatException>(() => new StorageSharedKeyCredential("acct", "not base64 !!secret!!"));
        Assert.DoesNotContain("secret", ex.Message, StringComparison.Ordinal);
        Assert.Contains("acct", ex.Message, StringComparison.Ordinal);
    }

    private static Request NewRequest(RequestMethod method, string uri)
    {
        var message = HttpPipelineBuilder.Build(new TableClientOptions()).CreateMessage();
        message.Request.Method = method;
        message.Request.Uri.Reset(new Uri(uri));
        return message.Request;
    }
}
