using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;
using Fisikal.Sync.Simulators.Processes;

namespace Fisikal.Sync.Tests.HostEmulator;

/// <summary>
/// The built Fisikal.Sync.HostEmulator started as a plain child process (so a test can kill it outright) with a
/// worker's build output, settings in its environment, HTTP on a free port of 127.0.0.1; ready once /api/health answers.
/// </summary>
public sealed class EmulatorProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private bool _disposed;

    private EmulatorProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
        Http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
    }

    public Uri Address { get; }

    public HttpClient Http { get; }

    public Process Process => _process;

    public string Output => string.Join('\n', _output);

    public static string TestWorker => Metadata("TestWorker");

    /// <summary>The worker's pid, from the emulator's "Started the worker (pid N)" line.</summary>
    public int WorkerPid => int.Parse(
        System.Text.RegularExpressions.Regex.Match(Output, @"Started the worker \(pid (\d+)\)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);

    /// <param name="workingDirectory">Where the emulator runs (its local.settings.json is read from there); the test's own when null.</param>
    public static async Task<EmulatorProcess> StartAsync(IReadOnlyDictionary<string, string> settings, string? worker = null, string? workingDirectory = null)
    {
        // A port picked free can be taken by another process before the emulator binds it: then pick again.
        for (var attempt = 1; ; attempt++)
        {
            var emulator = Start(settings, worker, workingDirectory);
            try
            {
                await emulator.WaitForHealthAsync(TimeSpan.FromSeconds(60));
                return emulator;
            }
            catch (InvalidOperationException) when (attempt < 3 && emulator.Output.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                await emulator.DisposeAsync();
            }
            catch
            {
                await emulator.DisposeAsync();
                throw;
            }
        }
    }

    /// <summary>Starts it without waiting for health (a test of a start that must fail, say).</summary>
    public static EmulatorProcess Start(IReadOnlyDictionary<string, string> settings, string? worker = null, string? workingDirectory = null)
    {
        var port = LoopbackPorts.Pick();
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workingDirectory ?? Directory.GetCurrentDirectory() };
        foreach (var argument in new[] { Metadata("HostEmulator"), "--worker", worker ?? TestWorker, "--urls", $"http://127.0.0.1:{port}" })
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in settings)
        {
            start.Environment[name] = value;
        }

        var process = new Process { StartInfo = start };
        var emulator = new EmulatorProcess(process, new Uri($"http://127.0.0.1:{port}/"));
        process.OutputDataReceived += (_, e) => emulator.Add(e.Data);
        process.ErrorDataReceived += (_, e) => emulator.Add(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return emulator;
    }

    public async Task WaitForHealthAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The emulator exited ({_process.ExitCode}) before it was healthy:\n{Output}");
            }

            try
            {
                using var health = await Http.GetAsync(new Uri("api/health", UriKind.Relative));
                if (health.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"The emulator was not healthy within {timeout}:\n{Output}");
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        Http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private static string Metadata(string key) =>
        typeof(EmulatorProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;

    private void Add(string? line)
    {
        if (line is not null)
        {
            _output.Enqueue(line);
        }
    }
}
