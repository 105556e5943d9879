using Fisikal.Sync.Simulators.Processes;

namespace Fisikal.Sync.Tests.Infrastructure;

/// <summary>
/// The app's real binary in its own process, as the Functions host (custom handler) or a container runs
/// it, on a port of 127.0.0.1. Its output is kept for the test to read; it can be killed hard.
/// </summary>
public sealed class AppProcess : IAsyncDisposable
{
    private readonly WatchedProcess _process;

    private AppProcess(WatchedProcess process, Uri address, List<string> output)
    {
        _process = process;
        Address = address;
        Output = output;
        Http = new HttpClient { BaseAddress = address };
    }

    public Uri Address { get; }

    public List<string> Output { get; }

    public HttpClient Http { get; }

    public bool HasExited => _process.HasExited;

    /// <param name="environment">Settings in environment form (<c>__</c>); <c>FUNCTIONS_CUSTOMHANDLER_PORT</c> or <c>ASPNETCORE_URLS</c> is added.</param>
    public static async Task<AppProcess> StartAsync(IReadOnlyDictionary<string, string?> environment, bool asCustomHandler)
    {
        var port = LoopbackPorts.Pick();
        var env = environment.Where(kv => kv.Value is not null).ToDictionary(kv => kv.Key, kv => kv.Value!);
        env[asCustomHandler ? "FUNCTIONS_CUSTOMHANDLER_PORT" : "ASPNETCORE_URLS"] = asCustomHandler
            ? port.ToString(System.Globalization.CultureInfo.InvariantCulture)
            : $"http://127.0.0.1:{port}";
        var output = new List<string>();
        var dll = Path.Combine(AppContext.BaseDirectory, "Fisikal.Sync.Functions.dll");
        var process = WatchedProcess.Start("dotnet", [dll], line =>
        {
            lock (output)
            {
                output.Add(line);
            }
        }, env, AppContext.BaseDirectory);
        var app = new AppProcess(process, new Uri($"http://127.0.0.1:{port}"), output);
        await app.WaitUntilHealthyAsync();
        return app;
    }

    /// <summary>SIGKILL: no shutdown, no finishing of work in flight.</summary>
    public void KillHard() => _process.Kill();

    public string AllOutput()
    {
        lock (Output)
        {
            return string.Join('\n', Output);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _process.DisposeAsync();
    }

    private async Task WaitUntilHealthyAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException("The app exited at start-up:\n" + AllOutput());
            }

            try
            {
                using var response = await Http.GetAsync(new Uri("/api/health", UriKind.Relative));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(200);
        }

        throw new TimeoutException("The app did not become healthy within 60 seconds:\n" + AllOutput());
    }
}
