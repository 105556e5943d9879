using System.Text.Json;
using Fisikal.Sync.Functions.Hosting;
using Fisikal.Sync.Tests.Infrastructure;

namespace Fisikal.Sync.Tests.Hosting;

/// <summary>The function folders the Functions host reads agree with what the app serves.</summary>
public sealed class FunctionFoldersTests
{
    private static readonly string Functions = Path.Combine(RepositoryRoot.Path, "functions");

    [Fact]
    public void Every_function_has_a_folder_and_every_folder_a_function()
    {
        var folders = Directory.GetDirectories(Functions).Select(Path.GetFileName).Order(StringComparer.Ordinal);
        Assert.Equal(FunctionCatalog.AllNames.Order(StringComparer.Ordinal), folders);
    }

    [Fact]
    public void Http_functions_declare_the_catalog_route_method_and_auth_level_with_an_http_output()
    {
        foreach (var function in FunctionCatalog.Http)
        {
            var bindings = Bindings(function.Name);
            var trigger = bindings.Single(b => b.GetProperty("type").GetString() == "httpTrigger");
            Assert.Equal(function.Route, trigger.GetProperty("route").GetString());
            Assert.Equal([function.Method], trigger.GetProperty("methods").EnumerateArray().Select(m => m.GetString()));
            Assert.Equal(function.AuthLevel, trigger.GetProperty("authLevel").GetString());
            Assert.Contains(bindings, b => b.GetProperty("type").GetString() == "http" && b.GetProperty("direction").GetString() == "out");
        }
    }

    [Fact]
    public void Queue_functions_trigger_on_their_queue_with_the_message_binding()
    {
        foreach (var (name, queue) in FunctionCatalog.Queues)
        {
            var trigger = Assert.Single(Bindings(name));
            Assert.Equal("queueTrigger", trigger.GetProperty("type").GetString());
            Assert.Equal(queue, trigger.GetProperty("queueName").GetString());
            Assert.Equal("message", trigger.GetProperty("name").GetString());
            Assert.Equal("AzureWebJobsStorage", trigger.GetProperty("connection").GetString());
        }
    }

    [Fact]
    public void The_scheduler_timer_names_a_setting_that_the_sample_settings_document()
    {
        var trigger = Assert.Single(Bindings(FunctionCatalog.SchedulerFunction));
        Assert.Equal("timerTrigger", trigger.GetProperty("type").GetString());
        Assert.Equal($"%{FunctionCatalog.SchedulerScheduleSetting}%", trigger.GetProperty("schedule").GetString());
        using var sample = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryRoot.Path, "local.settings.sample.json")));
        Assert.True(sample.RootElement.GetProperty("Values").TryGetProperty(FunctionCatalog.SchedulerScheduleSetting, out _));
    }

    [Fact]
    public void Host_json_runs_a_custom_handler_with_the_queue_semantics_the_standalone_pump_copies()
    {
        using var host = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryRoot.Path, "host.json")));
        Assert.True(host.RootElement.GetProperty("customHandler").TryGetProperty("description", out _));
        Assert.Equal("[4.*, 5.0.0)", host.RootElement.GetProperty("extensionBundle").GetProperty("version").GetString());
        var queues = host.RootElement.GetProperty("extensions").GetProperty("queues");
        Assert.Equal(new Functions.Hosting.Standalone.StandaloneOptions().MaxDequeueCount, queues.GetProperty("maxDequeueCount").GetInt32());
        Assert.Equal("base64", queues.GetProperty("messageEncoding").GetString());
    }

    private static List<JsonElement> Bindings(string function)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(Functions, function, "function.json")));
        return [.. json.RootElement.GetProperty("bindings").EnumerateArray().Select(b => b.Clone())];
    }
}
