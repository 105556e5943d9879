using Azure;
using Fisikal.Sync.Core.Storage.Tables;
using Fisikal.Sync.Tests.Infrastructure;

namespace Fisikal.Sync.Tests.Storage;

/// <summary>Every table operation against a real Azurite.</summary>
public sealed class TableClientTests : IAsyncLifetime
{
    private TableClient _table = null!;

    public async Task InitializeAsync()
    {
        _table = (await AzuriteServer.TablesAsync()).GetTableClient(AzuriteServer.UniqueName("t"));
        await _table.CreateIfNotExistsAsync();
    }

    public Task DisposeAsync() => _table.DeleteAsync();

    [Fact]
    public async Task Creating_an_existing_table_is_not_an_error()
    {
        var again = await _table.CreateIfNotExistsAsync();
        Assert.Equal(409, again.Status);
    }

    [Fact]
    public async Task Typed_properties_round_trip()
    {
        var when = new DateTimeOffset(2026, 11, 22, 3, 4, 5, 678, TimeSpan.Zero);
        var id = Guid.NewGuid();
        var entity = new TableEntity("p", "typed")
        {
            ["Text"] = "Zoë Ó Briain 山田",
            ["Flag"] = true,
            ["Small"] = 42,
            ["Big"] = 9_007_199_254_740_993L,
            ["Ratio"] = 2.0,
            ["Id"] = id,
            ["When"] = when,
            ["Bytes"] = new byte[] { 0, 1, 2, 255 },
        };

        await _table.UpsertEntityAsync(entity);
        var read = (await _table.GetEntityAsync("p", "typed")).Value;

        Assert.Equal("Zoë Ó Briain 山田", read.GetString("Text"));
        Assert.True(read.GetBoolean("Flag"));
        Assert.Equal(42, read.GetInt32("Small"));
        Assert.Equal(9_007_199_254_740_993L, read.GetInt64("Big"));
        Assert.Equal(2.0, read.GetDouble("Ratio"));
        Assert.IsType<double>(read["Ratio"]);
        Assert.Equal(id, read.GetGuid("Id"));
        Assert.Equal(when, read.GetDateTimeOffset("When"));
        Assert.Equal(new byte[] { 0, 1, 2, 255 }, read.GetBinary("Bytes"));
        Assert.NotNull(read.Timestamp);
        Assert.NotEqual(default, read.ETag);
    }

    [Fact]
    public async Task Keys_with_quotes_spaces_and_non_ascii_are_addressable()
    {
        var entity = new TableEntity("club 'north'", "Łukasz & José %") { ["N"] = 1 };
        await _table.UpsertEntityAsync(entity);

        var read = await _table.GetEntityIfExistsAsync("club 'north'", "Łukasz & José %");

        Assert.NotNull(read);
        Assert.Equal(1, read.GetInt32("N"));
    }

    [Fact]
    public async Task Merge_keeps_other_properties_and_replace_removes_them()
    {
        await _table.UpsertEntityAsync(new TableEntity("p", "m") { ["A"] = "a", ["B"] = "b" });

        await _table.UpsertEntityAsync(new TableEntity("p", "m") { ["A"] = "a2" }, TableUpdateMode.Merge);
        var merged = (await _table.GetEntityAsync("p", "m")).Value;
        Assert.Equal("a2", merged.GetString("A"));
        Assert.Equal("b", merged.GetString("B"));

        await _table.UpsertEntityAsync(new TableEntity("p", "m") { ["A"] = "a3" }, TableUpdateMode.Replace);
        var replaced = (await _table.GetEntityAsync("p", "m")).Value;
        Assert.Equal("a3", replaced.GetString("A"));
        Assert.False(replaced.ContainsKey("B"));
    }

    [Fact]
    public async Task Add_of_an_existing_entity_fails_with_the_service_error_code()
    {
        await _table.AddEntityAsync(new TableEntity("p", "dup"));

        var ex = await Assert.ThrowsAsync<RequestFailedException>(() => _table.AddEntityAsync(new TableEntity("p", "dup")));

        Assert.Equal(409, ex.Status);
        Assert.Equal("EntityAlreadyExists", ex.ErrorCode);
    }

    [Fact]
    public async Task Update_with_a_stale_ETag_is_a_412_concurrency_error()
    {
        await _table.UpsertEntityAsync(new TableEntity("p", "etag") { ["V"] = 1 });
        var first = (await _table.GetEntityAsync("p", "etag")).Value;
        await _table.UpdateEntityAsync(new TableEntity("p", "etag") { ["V"] = 2 }, first.ETag);

        var ex = await Assert.ThrowsAsync<RequestFailedException>(() => _table.UpdateEntityAsync(new TableEntity("p", "etag") { ["V"] = 3 }, first.ETag));

        Assert.Equal(412, ex.Status);
        Assert.Equal("UpdateConditionNotSatisfied", ex.ErrorCode);
        Assert.Equal(2, (await _table.GetEntityAsync("p", "etag")).Value.GetInt32("V"));
    }

    [Fact]
    public async Task Update_of_a_missing_entity_is_404()
    {
        var ex = await Assert.ThrowsAsync<RequestFailedException>(() => _table.UpdateEntityAsync(new TableEntity("p", "nobody") { ["V"] = 1 }, ETag.All));
        Assert.Equal(404, ex.Status);
    }

    [Fact]
    public async Task Get_of_a_missing_entity_throws_404_or_returns_null()
    {
        var ex = await Assert.ThrowsAsync<RequestFailedException>(() => _table.GetEntityAsync("p", "missing"));
        Assert.Equal(404, ex.Status);
        Assert.Equal("ResourceNotFound", ex.ErrorCode);
        Assert.Null(await _table.GetEntityIfExistsAsync("p", "missing"));
    }

    [Fact]
    public async Task Delete_removes_and_a_second_delete_is_harmless()
    {
        await _table.UpsertEntityAsync(new TableEntity("p", "gone"));

        Assert.Equal(204, (await _table.DeleteEntityAsync("p", "gone")).Status);
        Assert.Equal(404, (await _table.DeleteEntityAsync("p", "gone")).Status);
        Assert.Null(await _table.GetEntityIfExistsAsync("p", "gone"));
    }

    [Fact]
    public async Task Query_follows_continuations_past_1000_entities_with_filter_select_and_top()
    {
        const int count = 1_250;
        for (var start = 0; start < count; start += 100)
        {
            var actions = Enumerable.Range(start, Math.Min(100, count - start))
                .Select(i => new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("bulk", i.ToString("D5", System.Globalization.CultureInfo.InvariantCulture)) { ["N"] = i, ["Other"] = "x" }))
                .ToList();
            await _table.SubmitTransactionAsync(actions);
        }

        var all = new List<TableEntity>();
        var pages = 0;
        await foreach (var page in _table.QueryAsync("PartitionKey eq 'bulk'", select: ["N"]).AsPages())
        {
            pages++;
            all.AddRange(page.Values);
        }

        Assert.Equal(count, all.Count);
        Assert.True(pages >= 2, $"expected continuation pages, got {pages}");
        Assert.Equal(Enumerable.Range(0, count), all.Select(e => e.GetInt32("N")!.Value));
        Assert.DoesNotContain(all, e => e.ContainsKey("Other"));

        var smallPages = await _table.QueryAsync("PartitionKey eq 'bulk' and N ge 1200", maxPerPage: 10).AsPages().ToListAsync();
        Assert.Equal(5, smallPages.Count);
        Assert.All(smallPages, p => Assert.Equal(10, p.Values.Count));
    }

    [Fact]
    public async Task A_transaction_applies_all_its_actions()
    {
        await _table.UpsertEntityAsync(new TableEntity("tx", "update") { ["V"] = 1 });
        await _table.UpsertEntityAsync(new TableEntity("tx", "delete"));

        await _table.SubmitTransactionAsync(
        [
            new(TableTransactionActionType.Add, new TableEntity("tx", "add") { ["V"] = 1 }),
            new(TableTransactionActionType.UpsertMerge, new TableEntity("tx", "upsert") { ["V"] = 1 }),
            new(TableTransactionActionType.UpdateReplace, new TableEntity("tx", "update") { ["V"] = 2 }),
            new(TableTransactionActionType.Delete, new TableEntity("tx", "delete")),
        ]);

        var rows = await _table.QueryAsync("PartitionKey eq 'tx'").ToListAsync();
        Assert.Equal(["add", "update", "upsert"], rows.Select(r => r.RowKey).Order(StringComparer.Ordinal));
        Assert.Equal(2, rows.Single(r => r.RowKey == "update").GetInt32("V"));
    }

    [Fact]
    public async Task A_failing_transaction_rolls_back_entirely_and_names_the_failed_action()
    {
        await _table.UpsertEntityAsync(new TableEntity("rb", "exists") { ["V"] = 1 });

        var ex = await Assert.ThrowsAsync<TableTransactionFailedException>(() => _table.SubmitTransactionAsync(
        [
            new(TableTransactionActionType.Add, new TableEntity("rb", "new1")),
            new(TableTransactionActionType.UpsertMerge, new TableEntity("rb", "other") { ["V"] = 99 }),
            new(TableTransactionActionType.Add, new TableEntity("rb", "exists")),
            new(TableTransactionActionType.Add, new TableEntity("rb", "new2")),
        ]));

        Assert.Equal(409, ex.Status);
        Assert.Equal("EntityAlreadyExists", ex.ErrorCode);
        Assert.Equal(2, ex.FailedTransactionActionIndex);
        var rows = await _table.QueryAsync("PartitionKey eq 'rb'").ToListAsync();
        Assert.Equal("exists", Assert.Single(rows).RowKey);
        Assert.Equal(1, rows[0].GetInt32("V"));
    }

    [Fact]
    public async Task Transactions_are_checked_before_sending()
    {
        var tooMany = Enumerable.Range(0, 101).Select(i => new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("p", $"{i}"))).ToList();
        await Assert.ThrowsAsync<ArgumentException>(() => _table.SubmitTransactionAsync(tooMany));
        await Assert.ThrowsAsync<ArgumentException>(() => _table.SubmitTransactionAsync(
            [new(TableTransactionActionType.Add, new TableEntity("a", "1")), new(TableTransactionActionType.Add, new TableEntity("b", "1"))]));
    }

    [Theory]
    [InlineData("a/b")]
    [InlineData("a\\b")]
    [InlineData("a#b")]
    [InlineData("a?b")]
    [InlineData("a\tb")]
    public async Task Invalid_keys_are_refused_with_a_clear_error(string key)
    {
        var ex = await Assert.ThrowsAsync<ArgumentException>(() => _table.UpsertEntityAsync(new TableEntity("p", key)));
        Assert.Contains("RowKey", ex.Message, StringComparison.Ordinal);
        Assert.Contains("may not contain", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ab")]
    [InlineData("1abc")]
    [InlineData("has-dash")]
    [InlineData("tables")]
    public void Invalid_table_names_are_refused(string name) =>
        Assert.Throws<ArgumentException>(() => TableKeys.ValidateTableName(name));

    [Fact]
    public void Unsupported_property_types_are_refused_by_name()
    {
        var entity = new TableEntity("p", "r");
        var ex = Assert.Throws<ArgumentException>(() => entity["Amount"] = 1.5m);
        Assert.Contains("Amount", ex.Message, StringComparison.Ordinal);
    }
}
