namespace Fisikal.Sync.Simulators.Processes;

/// <summary>
/// The app's real binary in its own process, as the Functions host (custom handler) or a container runs
/// it, on a port of 127.0.0.1, started and waited for until healthy. Its output is kept (and optionally
/// echoed); it can be stopped gracefully or killed hard. Used by `make run`, the benchmarks and the tests.
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

    public int ProcessId => _process.Id;

    /// <param name="environment">
    /// Settings in environment form (<c>__</c>); <c>FUNCTIONS_CUSTOMHANDLER_PORT</c> or <c>ASPNETCORE_URLS</c> is added. With
    /// <c>Admin__ApiKey</c>, <see cref="Http"/> sends it.
    /// </param>
    /// <param name="appPath">
    /// The app's dll (run with <c>dotnet</c>), or its published executable (run as it is, as the Functions host runs a
    /// custom handler); by default Fisikal.Sync.Functions.dll beside this assembly. It runs in its own folder.
    /// </param>
    public static async Task<AppProcess> StartAsync(
        IReadOnlyDictionary<string, string?> environment, bool asCustomHandler, string? appPath = null, int? port = null, Action<string>? echo = null)
    {
        // A port picked free can be taken by another process before the app binds it: then pick again (not a port asked for).
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await StartOnceAsync(environment, asCustomHandler, appPath, port, echo).ConfigureAwait(false);
            }
            catch (InvalidOperationException ex) when (port is null && attempt < 3 && ex.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
            }
        }
    }

    private static async Task<AppProcess> StartOnceAsync(
        IReadOnlyDictionary<string, string?> environment, bool asCustomHandler, string? appPath, int? port, Action<string>? echo)
    {
        var portText = (port ?? LoopbackPorts.Pick()).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var env = environment.Where(kv => kv.Value is not null).ToDictionary(kv => kv.Key, kv => kv.Value!);
        env[asCustomHandler ? "FUNCTIONS_CUSTOMHANDLER_PORT" : "ASPNETCORE_URLS"] = asCustomHandler ? portText : $"http://127.0.0.1:{portText}";
        var output = new List<string>();
        var dll = appPath ?? Path.Combine(AppContext.BaseDirectory, "Fisikal.Sync.Functions.dll");
        var (file, arguments) = dll.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) ? ("dotnet", new[] { dll }) : (dll, []);
        var process = WatchedProcess.Start(file, arguments, line =>
        {
            lock (output)
            {
                output.Add(line);
            }

            echo?.Invoke(line);
        }, env, Path.GetDirectoryName(dll));
        var app = new AppProcess(process, new Uri($"http://127.0.0.1:{portText}"), output);
        if (env.TryGetValue("Admin__ApiKey", out var adminKey))
        {
            // Operators' tools call the admin routes with the key.
            app.Http.DefaultRequestHeaders.Add("x-admin-key", adminKey);
        }

        try
        {
            await app.WaitUntilHealthyAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        return app;
    }

    /// <summary>SIGKILL: no shutdown, no finishing of work in flight.</summary>
    public void KillHard() => _process.Kill();

    /// <summary>SIGTERM: the app finishes its work in flight and stops.</summary>
    public Task StopAsync(TimeSpan grace) => _process.StopAsync(grace);

    public Task WaitForExitAsync(CancellationToken cancellationToken = default) => _process.WaitForExitAsync(cancellationToken);

    /// <summary>The peak resident memory (VmHWM) of the app's own process, in bytes; null where /proc can't tell.</summary>
    public long? PeakMemoryBytes()
    {
        try
        {
            // The watchdog shell's child is the dotnet process.
            var children = File.ReadAllText($"/proc/{_process.Id}/task/{_process.Id}/children").Split(' ', StringSplitOptions.RemoveEmptyEntries);
            foreach (var child in children)
            {
                foreach (var line in File.ReadLines($"/proc/{child}/status"))
                {
                    if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                    {
                        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
                    }
                }
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return null;
    }

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
