using System.Text.Json.Nodes;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Fisikal.Sync.Core.Storage;
using Fisikal.Sync.Tests.Infrastructure;

namespace Fisikal.Sync.Tests.Storage;

/// <summary>Azure's limits, defined once, hold where Azurite would not enforce them; host.json agrees with the code.</summary>
public sealed class StorageLimitsTests
{
    [Fact]
    public void Host_json_poisons_a_message_after_the_attempts_the_handlers_count_on()
    {
        var hostJson = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryRoot.Path, "host.json")))!;

        Assert.Equal(DeliveryLimits.MaxDequeueCount, hostJson["extensions"]!["queues"]!["maxDequeueCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task Batches_hold_one_partition_and_at_most_100_actions_each_and_every_action_lands()
    {
        var azurite = await AzuriteServer.GetAsync();
        var batches = new BatchCounter();
        var options = new TableClientOptions();
        options.AddPolicy(batches, HttpPipelinePosition.PerCall);
        var table = new TableClient(azurite.ConnectionString, AzuriteServer.UniqueName("batch"), options);
        await table.CreateIfNotExistsAsync();
        var actions = Enumerable.Range(0, 150).Select(i => ("a", i)).Concat(Enumerable.Range(0, 100).Select(i => ("b", i)))
            .Select(k => new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity(k.Item1, k.Item2.ToString("D4", System.Globalization.CultureInfo.InvariantCulture))));

        var submitted = await table.SubmitInBatchesAsync(actions);

        Assert.Equal(250, submitted);
        Assert.Equal(3, batches.Count); // a: 100 + 50, b: 100
        Assert.Equal(250, await table.QueryAsync<TableEntity>(select: ["RowKey"]).CountAsync());
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => table.SubmitInBatchesAsync([], perTransaction: 101));
    }

    /// <summary>Counts entity group transactions (<c>POST .../$batch</c>) as they leave the SDK.</summary>
    private sealed class BatchCounter : HttpPipelineSynchronousPolicy
    {
        private int _count;

        public int Count => _count;

        public override void OnSendingRequest(HttpMessage message)
        {
            if (message.Request.Uri.Path.EndsWith("$batch", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref _count);
            }
        }
    }
}
