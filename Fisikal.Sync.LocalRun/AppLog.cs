namespace Fisikal.Sync.LocalRun;

/// <summary>
/// The app's output during `make run`: every line to a log file, and to the console only its warnings and errors
/// (a console logger entry is a "warn:" / "fail:" / "crit:" line and the indented lines under it), until the run is
/// being stopped: what the app says while everything around it shuts down (Azurite first, say) is for the file only.
/// </summary>
public sealed class AppLog : IAsyncDisposable
{
    private readonly StreamWriter _file;
    private readonly object _gate = new();
    private bool _echoing;
    private bool _quiet;

    private AppLog(string path)
    {
        Path = path;
        _file = new StreamWriter(path) { AutoFlush = true };
    }

    public string Path { get; }

    public static AppLog Open(string folder)
    {
        Directory.CreateDirectory(folder);
        return new AppLog(System.IO.Path.Combine(folder, $"app-{DateTime.UtcNow:yyyyMMddTHHmmss}Z.log"));
    }

    public void Write(string line)
    {
        lock (_gate)
        {
            _file.WriteLine(line);
            if (line.StartsWith("warn:", StringComparison.Ordinal) || line.StartsWith("fail:", StringComparison.Ordinal) || line.StartsWith("crit:", StringComparison.Ordinal))
            {
                _echoing = true;
            }
            else if (line.Length > 0 && !char.IsWhiteSpace(line[0]))
            {
                _echoing = false;
            }

            if (_echoing && !_quiet)
            {
                Console.WriteLine("  app | " + line);
            }
        }
    }

    /// <summary>From now on, nothing more reaches the console.</summary>
    public void Quiet()
    {
        lock (_gate)
        {
            _quiet = true;
        }
    }

    public async ValueTask DisposeAsync() => await _file.DisposeAsync().ConfigureAwait(false);
}
