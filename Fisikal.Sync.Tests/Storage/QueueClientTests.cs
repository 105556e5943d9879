using Azure;
using Fisikal.Sync.Core.Storage.Queues;
using Fisikal.Sync.Tests.Infrastructure;

namespace Fisikal.Sync.Tests.Storage;

/// <summary>Every queue operation against a real Azurite.</summary>
public sealed class QueueClientTests : IAsyncLifetime
{
    private QueueServiceClient _service = null!;
    private QueueClient _queue = null!;

    public async Task InitializeAsync()
    {
        _service = await AzuriteServer.QueuesAsync();
        _queue = _service.GetQueueClient(AzuriteServer.UniqueName("q"));
        await _queue.CreateIfNotExistsAsync();
    }

    public Task DisposeAsync() => _queue.DeleteAsync();

    [Fact]
    public async Task Send_receive_delete_round_trip_keeps_text_exactly()
    {
        const string text = "{\"name\":\"Zoë 山田\",\"n\":1}";
        var sent = (await _queue.SendMessageAsync(text)).Value;

        var received = Assert.Single((await _queue.ReceiveMessagesAsync(maxMessages: 5)).Value);

        Assert.Equal(sent.MessageId, received.MessageId);
        Assert.Equal(text, received.MessageText);
        Assert.Equal(1, received.DequeueCount);
        await _queue.DeleteMessageAsync(received.MessageId, received.PopReceipt);
        Assert.Equal(0, (await _queue.GetApproximateMessageCountAsync()).Value);
    }

    [Fact]
    public async Task Text_travels_as_base64_as_the_Functions_host_expects()
    {
        await _queue.SendMessageAsync("hello");

        var raw = _service.GetQueueClientWithEncoding(_queue.Name, QueueMessageEncoding.None);
        var peeked = Assert.Single((await raw.PeekMessagesAsync()).Value);

        Assert.Equal(Convert.ToBase64String("hello"u8.ToArray()), peeked.MessageText);
    }

    [Fact]
    public async Task Visibility_timeout_hides_a_message_and_dequeue_count_grows_with_each_take()
    {
        await _queue.SendMessageAsync("again");

        var first = Assert.Single((await _queue.ReceiveMessagesAsync(1, TimeSpan.FromSeconds(1))).Value);
        Assert.Empty((await _queue.ReceiveMessagesAsync(1)).Value);

        await Task.Delay(TimeSpan.FromSeconds(1.5));
        var second = Assert.Single((await _queue.ReceiveMessagesAsync(1, TimeSpan.FromSeconds(30))).Value);

        Assert.Equal(first.MessageId, second.MessageId);
        Assert.Equal(1, first.DequeueCount);
        Assert.Equal(2, second.DequeueCount);
    }

    [Fact]
    public async Task Update_changes_visibility_and_text_and_gives_a_new_pop_receipt()
    {
        await _queue.SendMessageAsync("v1");
        var taken = Assert.Single((await _queue.ReceiveMessagesAsync(1, TimeSpan.FromSeconds(30))).Value);

        var updated = (await _queue.UpdateMessageAsync(taken.MessageId, taken.PopReceipt, TimeSpan.Zero, "v2")).Value;

        Assert.NotEqual(taken.PopReceipt, updated.PopReceipt);
        var again = Assert.Single((await _queue.ReceiveMessagesAsync(1)).Value);
        Assert.Equal("v2", again.MessageText);
        var ex = await Assert.ThrowsAsync<RequestFailedException>(() => _queue.UpdateMessageAsync(taken.MessageId, taken.PopReceipt, TimeSpan.Zero));
        Assert.Equal(400, ex.Status);
        Assert.Equal("PopReceiptMismatch", ex.ErrorCode);
    }

    [Fact]
    public async Task Initial_visibility_delay_hides_a_new_message()
    {
        await _queue.SendMessageAsync("later", visibilityDelay: TimeSpan.FromSeconds(30), timeToLive: TimeSpan.FromMinutes(5));

        Assert.Empty((await _queue.ReceiveMessagesAsync(1)).Value);
        Assert.Empty((await _queue.PeekMessagesAsync()).Value);
        Assert.Equal(1, (await _queue.GetApproximateMessageCountAsync()).Value);
    }

    [Fact]
    public async Task Time_to_live_sets_expiry_and_infinite_means_never()
    {
        var shortLived = (await _queue.SendMessageAsync("a", timeToLive: TimeSpan.FromMinutes(5))).Value;
        var forever = (await _queue.SendMessageAsync("b", timeToLive: Timeout.InfiniteTimeSpan)).Value;

        Assert.InRange((shortLived.ExpiresOn!.Value - shortLived.InsertedOn!.Value).TotalMinutes, 4.9, 5.1);
        Assert.True(forever.ExpiresOn!.Value.Year >= 9999);
    }

    [Fact]
    public async Task Peek_does_not_take_and_receive_takes_up_to_32()
    {
        for (var i = 0; i < 40; i++)
        {
            await _queue.SendMessageAsync($"m{i}");
        }

        Assert.Equal(3, (await _queue.PeekMessagesAsync(3)).Value.Count);
        Assert.Equal(40, (await _queue.GetApproximateMessageCountAsync()).Value);
        Assert.Equal(32, (await _queue.ReceiveMessagesAsync(32)).Value.Count);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _queue.ReceiveMessagesAsync(33));
    }

    [Fact]
    public async Task Oversized_messages_and_bad_names_are_refused_before_sending()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => _queue.SendMessageAsync(new string('x', 50_000)));
        Assert.Throws<ArgumentException>(() => _service.GetQueueClient("Bad_Name"));
        Assert.Throws<ArgumentException>(() => _service.GetQueueClient("a--b"));
    }

    [Fact]
    public async Task A_missing_queue_fails_with_the_service_error_code()
    {
        var missing = _service.GetQueueClient(AzuriteServer.UniqueName("missing"));
        var ex = await Assert.ThrowsAsync<RequestFailedException>(() => missing.SendMessageAsync("x"));
        Assert.Equal(404, ex.Status);
        Assert.Equal("QueueNotFound", ex.ErrorCode);
    }
}
