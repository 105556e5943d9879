namespace Fisikal.Sync.Simulators.Processes;

/// <summary>
/// The app's real worker under the host emulator (Fisikal.Sync.HostEmulator, as the Functions host runs it), HTTP on a
/// port of 127.0.0.1, started and waited for until healthy. The output of both is kept (and optionally echoed); it can
/// be stopped gracefully or killed hard (the worker goes with the emulator). Used by `make run`, the benchmarks and the tests.
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

    /// <summary>The emulator's exit code, once it has exited.</summary>
    public int ExitCode => _process.ExitCode;

    public int ProcessId => _process.Id;

    /// <param name="environment">App settings in environment form (<c>__</c>). With <c>Admin__ApiKey</c>, <see cref="Http"/> sends it.</param>
    /// <param name="worker">The worker's build or publish folder; by default Fisikal.Sync.Functions' build of this configuration.</param>
    public static async Task<AppProcess> StartAsync(
        IReadOnlyDictionary<string, string?> environment, string? worker = null, int? port = null, Action<string>? echo = null)
    {
        // A port picked free can be taken by another process before the app binds it: then pick again (not a port asked for).
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await StartOnceAsync(environment, worker, port, echo).ConfigureAwait(false);
            }
            catch (InvalidOperationException ex) when (port is null && attempt < 3 && ex.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
            }
        }
    }

    /// <summary>The repository's build of a project in this assembly's configuration (Debug or Release).</summary>
    public static string BuildOutput(string project)
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Fisikal.Sync.slnx")))
            {
                return Path.Combine(dir.FullName, project, "bin", configuration, "net10.0");
            }
        }

        throw new DirectoryNotFoundException("The repository (Fisikal.Sync.slnx) was not found above " + AppContext.BaseDirectory);
    }

    private static async Task<AppProcess> StartOnceAsync(
        IReadOnlyDictionary<string, string?> environment, string? worker, int? port, Action<string>? echo)
    {
        var portText = (port ?? LoopbackPorts.Pick()).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var env = environment.Where(kv => kv.Value is not null).ToDictionary(kv => kv.Key, kv => kv.Value!);
        var output = new List<string>();
        var emulator = Path.Combine(BuildOutput("Fisikal.Sync.HostEmulator"), "Fisikal.Sync.HostEmulator.dll");
        var arguments = new[] { emulator, "--worker", worker ?? BuildOutput("Fisikal.Sync.Functions"), "--urls", $"http://127.0.0.1:{portText}" };
        var process = WatchedProcess.Start("dotnet", arguments, line =>
        {
            lock (output)
            {
                output.Add(line);
            }

            echo?.Invoke(line);
        }, env);
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

    private static IEnumerable<string> Children(int pid) =>
        Directory.GetDirectories($"/proc/{pid}/task").SelectMany(task => File.ReadAllText(Path.Combine(task, "children")).Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();

    private static IEnumerable<string> Children(string pid) => Children(int.Parse(pid, System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>The peak resident memory (VmHWM) of the worker's process, in bytes; null where /proc can't tell.</summary>
    public long? PeakMemoryBytes()
    {
        try
        {
            // The watchdog shell's child is the emulator; the worker is the emulator's child (started by one of its threads).
            foreach (var emulator in Children(_process.Id))
            {
                foreach (var worker in Children(emulator))
                {
                    foreach (var line in File.ReadLines($"/proc/{worker}/status"))
                    {
                        if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                        {
                            return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
                        }
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
