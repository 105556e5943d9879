using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Fisikal.Sync.Core.Storage;
using Fisikal.Sync.Tests.Infrastructure;

namespace Fisikal.Sync.Tests.HostEmulator;

/// <summary>
/// The emulator against a real isolated worker (Fisikal.Sync.HostEmulator.TestWorker, built by the Worker SDK) and real
/// Azurite: the gRPC handshake and load, HTTP round trips, queue triggers to the poison queue, a timer across two
/// emulators, a crashing worker, a killed emulator.
/// </summary>
public sealed class HostEmulatorTests
{
    [Fact]
    public async Task The_handshake_loads_every_function_and_health_answers_through_the_worker()
    {
        await using var emulator = await EmulatorProcess.StartAsync(await SettingsAsync());

        using var health = await emulator.Http.GetAsync(new Uri("api/health", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("Healthy", (await health.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        Assert.Contains("Worker loaded 6 functions", emulator.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Http_round_trips_keep_method_route_query_headers_body_and_status()
    {
        await using var emulator = await EmulatorProcess.StartAsync(await SettingsAsync());

        foreach (var method in new[] { HttpMethod.Post, HttpMethod.Put })
        {
            using var request = new HttpRequestMessage(method, new Uri("api/echo/alice/7?q=swim", UriKind.Relative))
            {
                Headers = { { "x-test", "yes" } },
                Content = new StringContent("{\"hello\":1}", System.Text.Encoding.UTF8, "application/json"),
            };
            using var response = await emulator.Http.SendAsync(request);

            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            Assert.Equal("alice", Assert.Single(response.Headers.GetValues("x-echo-name")));
            var echo = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal("alice", echo.GetProperty("name").GetString());
            Assert.Equal(7, echo.GetProperty("id").GetInt32());
            Assert.Equal(method.Method, echo.GetProperty("method").GetString());
            Assert.Equal("swim", echo.GetProperty("query").GetString());
            Assert.Equal("yes", echo.GetProperty("header").GetString());
            Assert.Equal("{\"hello\":1}", echo.GetProperty("body").GetString());
        }

        using var wrongMethod = await emulator.Http.GetAsync(new Uri("api/echo/alice/7", UriKind.Relative));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, wrongMethod.StatusCode);
        using var nowhere = await emulator.Http.GetAsync(new Uri("api/nowhere", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, nowhere.StatusCode);
    }

    [Fact]
    public async Task A_204_answer_is_passed_on_without_a_body_and_its_connection_serves_the_next_request()
    {
        await using var emulator = await EmulatorProcess.StartAsync(await SettingsAsync());

        for (var i = 0; i < 3; i++)
        {
            using var forgotten = await emulator.Http.DeleteAsync(new Uri($"api/things/{i}", UriKind.Relative));
            Assert.Equal(HttpStatusCode.NoContent, forgotten.StatusCode);
            Assert.Empty(await forgotten.Content.ReadAsByteArrayAsync());
            using var health = await emulator.Http.GetAsync(new Uri("api/health", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        }

        // Writing a body, even an empty one, to a 204 fails the request inside the emulator and closes its connection.
        Assert.DoesNotContain("An unhandled exception was thrown by the application", emulator.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failing_message_is_tried_maxDequeueCount_times_then_lands_in_the_poison_queue()
    {
        var settings = await SettingsAsync();
        await using var emulator = await EmulatorProcess.StartAsync(settings);
        var queue = new QueueClient(settings["AzureWebJobsStorage"], settings["WorkQueue"], StorageAccount.QueueOptions());
        var poison = new QueueClient(settings["AzureWebJobsStorage"], settings["WorkQueue"] + "-poison", StorageAccount.QueueOptions());
        await queue.CreateIfNotExistsAsync();
        await queue.SendMessageAsync("ok");
        await queue.SendMessageAsync("fail");

        await WaitForAsync(async () => (await poison.GetPropertiesAsync()).Value.ApproximateMessagesCount == 1, TimeSpan.FromSeconds(60), emulator);

        var calls = await CallsAsync(settings, "Work");
        Assert.Equal(["1", "2", "3"], calls.Where(c => c[0] == "fail").Select(c => c[1]).Order(StringComparer.Ordinal));
        var ok = Assert.Single(calls, c => c[0] == "ok");
        Assert.Equal("1", ok[1]);
        Assert.False(string.IsNullOrEmpty(ok[2]), "the message id is trigger metadata the function can bind");
        Assert.Equal("fail", (await poison.PeekMessageAsync()).Value.MessageText);
        Assert.Equal(0, (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount);
        Assert.Contains("failed 3 times and was moved to " + poison.Name, emulator.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_timer_fires_once_per_occurrence_across_two_emulators()
    {
        var settings = await SettingsAsync();
        settings["TickSchedule"] = "*/2 * * * * *";
        await using var first = await EmulatorProcess.StartAsync(settings);
        await using var second = await EmulatorProcess.StartAsync(settings);

        // Four occurrences with both emulators competing for each (however long a loaded machine takes to get there).
        await WaitForAsync(async () => (await CallsAsync(settings, "Tick")).Select(c => c[0]).Distinct(StringComparer.Ordinal).Count() >= 4, TimeSpan.FromSeconds(60), first);
        await first.DisposeAsync();
        await second.DisposeAsync();

        var occurrences = (await CallsAsync(settings, "Tick")).Select(c => c[0]).ToList();
        Assert.Equal(occurrences.Count, occurrences.Distinct(StringComparer.Ordinal).Count());
        Assert.All(occurrences, o => Assert.Equal(0, DateTime.Parse(o, System.Globalization.CultureInfo.InvariantCulture).Second % 2));
    }

    [Fact]
    public async Task A_crashing_worker_is_reported_and_the_emulator_exits_non_zero()
    {
        await using var emulator = await EmulatorProcess.StartAsync(await SettingsAsync());

        try
        {
            using var _ = await emulator.Http.PostAsync(new Uri("api/crash", UriKind.Relative), null);
        }
        catch (HttpRequestException)
        {
            // The worker went down mid-request: the emulator may close the connection.
        }

        Assert.True(emulator.Process.WaitForExit(TimeSpan.FromSeconds(30)), "the emulator kept running without its worker");
        Assert.Equal(1, emulator.Process.ExitCode);
        Assert.Contains("The worker exited unexpectedly with code 3", emulator.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Killing_the_emulator_leaves_no_worker_behind()
    {
        await using var emulator = await EmulatorProcess.StartAsync(await SettingsAsync());
        var worker = Process.GetProcessById(emulator.WorkerPid);

        emulator.Process.Kill();

        Assert.True(worker.WaitForExit(TimeSpan.FromSeconds(10)), $"worker {worker.Id} still runs after its emulator was killed");
    }

    [Fact]
    public async Task The_environment_wins_over_local_settings_json_and_the_skipped_value_is_named()
    {
        var settings = await SettingsAsync();
        var folder = Directory.CreateTempSubdirectory("fisikal-emulator-").FullName;
        var stale = AzuriteServer.UniqueName("stale");
        await File.WriteAllTextAsync(Path.Combine(folder, "local.settings.json"), $$"""{ "IsEncrypted": false, "Values": { "WorkQueue": "{{stale}}" } }""");
        try
        {
            await using var emulator = await EmulatorProcess.StartAsync(settings, workingDirectory: folder);
            var queue = new QueueClient(settings["AzureWebJobsStorage"], settings["WorkQueue"], StorageAccount.QueueOptions());
            await queue.CreateIfNotExistsAsync();
            await queue.SendMessageAsync("from the environment's queue");

            await WaitForAsync(async () => (await CallsAsync(settings, "Work")).Count == 1, TimeSpan.FromSeconds(30), emulator);
            Assert.Contains("Skipping 'WorkQueue' from local.settings.json", emulator.Output, StringComparison.Ordinal);
            Assert.DoesNotContain(stale, emulator.Output, StringComparison.Ordinal); // a setting's value is never printed
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task A_message_that_is_not_base64_lands_in_the_poison_queue_after_its_tries()
    {
        var settings = await SettingsAsync();
        await using var emulator = await EmulatorProcess.StartAsync(settings);
        var raw = new QueueClient(settings["AzureWebJobsStorage"], settings["WorkQueue"], new QueueClientOptions(QueueClientOptions.ServiceVersion.V2025_11_05) { MessageEncoding = QueueMessageEncoding.None });
        var poison = new QueueClient(settings["AzureWebJobsStorage"], settings["WorkQueue"] + "-poison", new QueueClientOptions(QueueClientOptions.ServiceVersion.V2025_11_05) { MessageEncoding = QueueMessageEncoding.None });
        await raw.CreateIfNotExistsAsync();
        await raw.SendMessageAsync("not base64 at all!");

        await WaitForAsync(async () => (await poison.GetPropertiesAsync()).Value.ApproximateMessagesCount == 1, TimeSpan.FromSeconds(30), emulator);

        Assert.Equal("not base64 at all!", (await poison.PeekMessageAsync()).Value.MessageText);
        Assert.Empty(await CallsAsync(settings, "Work")); // never given to the function
        Assert.Contains("not valid base64", emulator.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_storage_error_costs_a_timer_one_occurrence_not_the_timer()
    {
        // An Azurite of its own: its claims table is deleted under the running timer.
        await using var azurite = await Simulators.Azurite.AzuriteProcess.StartAsync(timeout: TimeSpan.FromSeconds(90));
        var settings = await SettingsAsync();
        settings["AzureWebJobsStorage"] = azurite.ConnectionString;
        settings["TickSchedule"] = "*/1 * * * * *";
        await using var emulator = await EmulatorProcess.StartAsync(settings);
        await WaitForAsync(async () => (await CallsAsync(settings, "Tick")).Count >= 2, TimeSpan.FromSeconds(30), emulator);

        await new TableClient(azurite.ConnectionString, "EmulatorTimers").DeleteAsync();
        var deletedAt = DateTime.UtcNow;
        await WaitForAsync(
            async () => (await CallsAsync(settings, "Tick")).Count(c => DateTime.Parse(c[0], System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal) > deletedAt.AddSeconds(1)) >= 2,
            TimeSpan.FromSeconds(30),
            emulator);

        Assert.False(emulator.Process.HasExited);
    }

    [Fact]
    public async Task A_trigger_that_cant_be_served_stops_the_emulator_with_a_non_zero_exit()
    {
        var settings = await SettingsAsync();
        settings["TickSchedule"] = "every now and then";
        await using var emulator = EmulatorProcess.Start(settings);

        Assert.True(emulator.Process.WaitForExit(TimeSpan.FromSeconds(60)), "the emulator kept running without its timer");
        Assert.Equal(1, emulator.Process.ExitCode);
        Assert.Contains("A trigger can't be served", emulator.Output, StringComparison.Ordinal);
    }

    private static async Task<Dictionary<string, string>> SettingsAsync() => new(StringComparer.Ordinal)
    {
        ["AzureWebJobsStorage"] = (await AzuriteServer.GetAsync()).ConnectionString,
        ["AzureFunctionsWebHost__hostid"] = AzuriteServer.UniqueName("host"),
        ["WorkQueue"] = AzuriteServer.UniqueName("work"),
        ["CallsTable"] = AzuriteServer.UniqueName("calls"),
        ["TickSchedule"] = "0 0 0 1 1 *",
    };

    /// <summary>What each call recorded (its fields split on '|'), for one function.</summary>
    private static async Task<List<string[]>> CallsAsync(Dictionary<string, string> settings, string function)
    {
        var table = new TableClient(settings["AzureWebJobsStorage"], settings["CallsTable"]);
        await table.CreateIfNotExistsAsync();
        var calls = new List<string[]>();
        await foreach (var row in table.QueryAsync<TableEntity>($"PartitionKey eq {TableKeys.Quote(function)}"))
        {
            calls.Add(row.GetString("What").Split('|'));
        }

        return calls;
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition, TimeSpan timeout, EmulatorProcess emulator)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Not done within {timeout}:\n{emulator.Output}");
            }

            await Task.Delay(250);
        }
    }
}
