using System.Text;
using System.Text.RegularExpressions;
using Fisikal.Sync.Simulators.Processes;

namespace Fisikal.Sync.Simulators.Azurite;

/// <summary>
/// Azurite (pinned in package.json, installed by <c>npm ci</c>) on 127.0.0.1, telemetry off, its data in a
/// folder of its own under the temp directory. It runs as a <see cref="WatchedProcess"/>: it ends when this
/// process ends, however this process ends, and <see cref="DisposeAsync"/> kills it by pid and removes its folder.
/// </summary>
/// <remarks>
/// Not <c>--inMemoryPersistence</c>: under a sustained write load (the webhook benchmark, 50 changes a second)
/// the in-memory store paused for up to 6.6 s at a time, every storage call waiting; on disk the slowest point
/// read in the same load was 48 ms. A folder left by a killed parent is removed by the next start.
/// </remarks>
public sealed partial class AzuriteProcess : IAsyncDisposable
{
    private readonly WatchedProcess _process;

    private readonly string _dataDirectory;

    private AzuriteProcess(WatchedProcess process, string dataDirectory, int queuePort, int tablePort)
    {
        _process = process;
        _dataDirectory = dataDirectory;
        QueuePort = queuePort;
        TablePort = tablePort;
    }

    public int QueuePort { get; }

    public int TablePort { get; }

    public int ProcessId => _process.Id;

    /// <summary>A full connection string for this instance (devstoreaccount1, path-style endpoints).</summary>
    public string ConnectionString =>
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;" +
        "AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;" +
        $"TableEndpoint=http://127.0.0.1:{TablePort}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{QueuePort}/devstoreaccount1;";

    /// <summary>
    /// Starts Azurite. With <paramref name="preferDefaultPorts"/> it takes 10000-10002 when all are free,
    /// otherwise (and always without it) ports the OS picks.
    /// </summary>
    public static async Task<AzuriteProcess> StartAsync(bool preferDefaultPorts = false, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var azurite = FindAzurite();
        var dataDirectory = CreateDataDirectory();
        var useDefaults = preferDefaultPorts && new[] { 10000, 10001, 10002 }.All(LoopbackPorts.IsFree);
        var (blob, queue, table) = useDefaults ? ("10000", "10001", "10002") : ("0", "0", "0");
        var ports = new ListeningPorts();
        var process = WatchedProcess.Start(
            azurite,
            [
                "--location", dataDirectory, "--disableTelemetry",
                "--blobHost", "127.0.0.1", "--blobPort", blob,
                "--queueHost", "127.0.0.1", "--queuePort", queue,
                "--tableHost", "127.0.0.1", "--tablePort", table,
            ],
            ports.OnLine,
            new Dictionary<string, string> { ["AZURITE_DISABLE_TELEMETRY"] = "true" },
            Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(azurite))));
        _ = process.WaitForExitAsync(CancellationToken.None).ContinueWith(
            _ => ports.Exited(),
            CancellationToken.None,
            TaskContinuationOptions.None,
            TaskScheduler.Default);

        try
        {
            var (q, t) = await ports.Ready.WaitAsync(timeout ?? TimeSpan.FromSeconds(60), cancellationToken).ConfigureAwait(false);
            return new AzuriteProcess(process, dataDirectory, q, t);
        }
        catch (Exception ex)
        {
            await process.DisposeAsync().ConfigureAwait(false);
            DeleteDirectory(dataDirectory);
            throw new InvalidOperationException($"Azurite did not start ({ex.Message}). Its output:\n{ports.Output}", ex);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync().ConfigureAwait(false);
        DeleteDirectory(_dataDirectory);
    }

    /// <summary>A new folder named after this process; folders of processes that are gone are removed first.</summary>
    private static string CreateDataDirectory()
    {
        var root = Path.Combine(Path.GetTempPath(), "fisikal-azurite");
        Directory.CreateDirectory(root);
        foreach (var stale in Directory.EnumerateDirectories(root))
        {
            var owner = Path.GetFileName(stale).Split('-')[0];
            if (int.TryParse(owner, System.Globalization.CultureInfo.InvariantCulture, out var pid) && !IsRunning(pid))
            {
                DeleteDirectory(stale);
            }
        }

        return Directory.CreateDirectory(Path.Combine(root, $"{Environment.ProcessId}-{Guid.NewGuid():N}")).FullName;
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static void DeleteDirectory(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (IOException)
        {
            // Another start is removing it, or a file is still closing; the next start tries again.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>The azurite launcher in node_modules/.bin of the nearest folder up from here that has one.</summary>
    public static string FindAzurite()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "node_modules", ".bin", "azurite");
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        throw new FileNotFoundException(
            "Azurite is not installed: node_modules/.bin/azurite was not found above " + AppContext.BaseDirectory +
            ". Run `npm ci` at the repository root (make test and make run do).");
    }

    [GeneratedRegex(@"Azurite (Blob|Queue|Table) service is successfully listening at http://127\.0\.0\.1:(\d+)")]
    private static partial Regex ListeningLine();

    /// <summary>Azurite's output as it starts: kept (the first 16,000 characters) and read for the queue and table ports it listens on.</summary>
    private sealed class ListeningPorts
    {
        private readonly StringBuilder _output = new();
        private readonly TaskCompletionSource<(int Queue, int Table)> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int? _queuePort;
        private int? _tablePort;

        public Task<(int Queue, int Table)> Ready => _ready.Task;

        public string Output
        {
            get
            {
                lock (_output)
                {
                    return _output.ToString();
                }
            }
        }

        public void Exited() => _ready.TrySetException(new InvalidOperationException("Azurite exited before it was listening."));

        public void OnLine(string line)
        {
            lock (_output)
            {
                if (_output.Length < 16_000)
                {
                    _output.AppendLine(line);
                }

                var match = ListeningLine().Match(line);
                if (!match.Success)
                {
                    return;
                }

                var port = int.Parse(match.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture);
                if (match.Groups[1].Value == "Queue")
                {
                    _queuePort = port;
                }
                else if (match.Groups[1].Value == "Table")
                {
                    _tablePort = port;
                }

                if (_queuePort is { } q && _tablePort is { } t)
                {
                    _ready.TrySetResult((q, t));
                }
            }
        }
    }
}
