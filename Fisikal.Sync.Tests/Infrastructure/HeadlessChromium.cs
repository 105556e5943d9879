using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Fisikal.Sync.Simulators.Processes;

namespace Fisikal.Sync.Tests.Infrastructure;

/// <summary>
/// Debian's Chromium, headless, driven over the DevTools protocol (a WebSocket on 127.0.0.1): load a page with extra
/// headers and a phone's viewport, collect console errors and uncaught exceptions, evaluate script, take a screenshot.
/// Started with the flags that keep it off the network (scripts/ensure-tools.sh --browser installs it). If it is
/// missing the test fails saying so: nothing is skipped.
/// </summary>
public sealed class HeadlessChromium : IAsyncDisposable
{
    private readonly WatchedProcess _process;
    private readonly DirectoryInfo _profile;
    private readonly ClientWebSocket _socket = new();
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonNode>> _pending = new();
    private readonly CancellationTokenSource _stop = new();
    private Task _reader = Task.CompletedTask;
    private int _nextId;

    private HeadlessChromium(WatchedProcess process, DirectoryInfo profile)
    {
        _process = process;
        _profile = profile;
    }

    /// <summary>Console errors, uncaught exceptions and error log entries the page produced.</summary>
    public ConcurrentQueue<string> Errors { get; } = new();

    private event Action<string, JsonNode?>? Event;

    public static async Task<HeadlessChromium> StartAsync()
    {
        var binary = new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("Chromium is not installed: `bash scripts/ensure-tools.sh --browser` (run by make test) installs Debian's chromium.");
        var profile = Directory.CreateTempSubdirectory("fisikal-chromium-");
        var output = new ConcurrentQueue<string>();
        var process = WatchedProcess.Start(
            binary,
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-extensions", "--remote-debugging-address=127.0.0.1",
                "--remote-debugging-port=0", $"--user-data-dir={profile.FullName}", "about:blank",
            ],
            output.Enqueue);
        var chromium = new HeadlessChromium(process, profile);
        try
        {
            await chromium.ConnectAsync(output);
            return chromium;
        }
        catch
        {
            await chromium.DisposeAsync();
            throw;
        }
    }

    /// <summary>Loads a page (phone-sized unless told) and waits for its load event.</summary>
    public async Task NavigateAsync(Uri url, IReadOnlyDictionary<string, string>? headers = null, int width = 390, int height = 844)
    {
        ArgumentNullException.ThrowIfNull(url);
        await SendAsync("Emulation.setDeviceMetricsOverride", new JsonObject { ["width"] = width, ["height"] = height, ["deviceScaleFactor"] = 2, ["mobile"] = width < 600 });
        if (headers is not null)
        {
            var extra = new JsonObject();
            foreach (var (name, value) in headers)
            {
                extra[name] = value;
            }

            await SendAsync("Network.setExtraHTTPHeaders", new JsonObject { ["headers"] = extra });
        }

        var loaded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnEvent(string method, JsonNode? _)
        {
            if (method == "Page.loadEventFired")
            {
                loaded.TrySetResult();
            }
        }

        Event += OnEvent;
        try
        {
            var navigation = await SendAsync("Page.navigate", new JsonObject { ["url"] = url.AbsoluteUri });
            if (navigation["errorText"]?.GetValue<string>() is { Length: > 0 } error)
            {
                throw new InvalidOperationException($"Chromium could not load {url}: {error}");
            }

            await loaded.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }
        finally
        {
            Event -= OnEvent;
        }
    }

    /// <summary>Evaluates a script expression in the page and returns its value as JSON.</summary>
    public async Task<JsonNode?> EvaluateAsync(string expression)
    {
        var result = await SendAsync("Runtime.evaluate", new JsonObject { ["expression"] = expression, ["returnByValue"] = true });
        return result["exceptionDetails"] is { } failure
            ? throw new InvalidOperationException("The script failed: " + failure.ToJsonString())
            : result["result"]?["value"];
    }

    public async Task<byte[]> ScreenshotAsync() =>
        Convert.FromBase64String((await SendAsync("Page.captureScreenshot", new JsonObject { ["format"] = "png", ["captureBeyondViewport"] = true }))["data"]!.GetValue<string>());

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _reader;
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
        {
        }

        _socket.Dispose();
        await _process.DisposeAsync();
        _stop.Dispose();
        try
        {
            _profile.Delete(recursive: true);
        }
        catch (IOException)
        {
            // Chromium may still be closing a file; the temp folder is the system's to clean.
        }
    }

    private async Task ConnectAsync(ConcurrentQueue<string> output)
    {
        var portFile = Path.Combine(_profile.FullName, "DevToolsActivePort");
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!File.Exists(portFile) || File.ReadAllLines(portFile).Length < 2)
        {
            if (_process.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException("Chromium did not open its DevTools port. Its output:\n" + string.Join('\n', output));
            }

            await Task.Delay(100);
        }

        var port = File.ReadAllLines(portFile)[0].Trim();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
        var targets = await http.GetFromJsonAsync<JsonArray>(new Uri("json/list", UriKind.Relative)) ?? [];
        var page = targets.FirstOrDefault(t => t?["type"]?.GetValue<string>() == "page")
            ?? throw new InvalidOperationException("Chromium has no page target.");
        await _socket.ConnectAsync(new Uri(page["webSocketDebuggerUrl"]!.GetValue<string>()), CancellationToken.None);
        _reader = Task.Run(ReadAsync);
        foreach (var domain in new[] { "Page", "Runtime", "Log", "Network" })
        {
            await SendAsync(domain + ".enable", new JsonObject());
        }
    }

    private async Task<JsonNode> SendAsync(string method, JsonObject parameters)
    {
        var id = Interlocked.Increment(ref _nextId);
        var answer = new TaskCompletionSource<JsonNode>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = answer;
        var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters };
        await _socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, endOfMessage: true, _stop.Token);
        var response = await answer.Task.WaitAsync(TimeSpan.FromSeconds(30));
        return response["error"] is { } error
            ? throw new InvalidOperationException($"{method} failed: {error.ToJsonString()}")
            : response["result"] ?? new JsonObject();
    }

    private async Task ReadAsync()
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        while (!_stop.IsCancellationRequested && _socket.State == WebSocketState.Open)
        {
            var received = await _socket.ReceiveAsync(buffer, _stop.Token);
            message.Write(buffer, 0, received.Count);
            if (!received.EndOfMessage)
            {
                continue;
            }

            var node = JsonNode.Parse(message.ToArray());
            message.SetLength(0);
            if (node?["id"] is { } id && _pending.TryRemove(id.GetValue<int>(), out var waiting))
            {
                waiting.TrySetResult(node);
                continue;
            }

            var method = node?["method"]?.GetValue<string>() ?? string.Empty;
            var parameters = node?["params"];
            var consoleType = parameters?["type"]?.GetValue<string>();
            var logLevel = parameters?["entry"]?["level"]?.GetValue<string>();
            if (method == "Runtime.consoleAPICalled" && consoleType is "error" or "assert")
            {
                Errors.Enqueue("console: " + parameters?["args"]?.ToJsonString());
            }
            else if (method == "Runtime.exceptionThrown")
            {
                Errors.Enqueue("exception: " + parameters?["exceptionDetails"]?.ToJsonString());
            }
            else if (method == "Log.entryAdded" && logLevel == "error")
            {
                Errors.Enqueue("log: " + parameters?["entry"]?["text"]?.GetValue<string>() + " " + parameters?["entry"]?["url"]?.GetValue<string>());
            }

            Event?.Invoke(method, parameters);
        }
    }
}
