using System.Text.Json;
using Fisikal.Sync.Simulators.Processes;

namespace Fisikal.Sync.Bench;

/// <summary>Starts budget workers as separate processes and collects what each one did.</summary>
public static class WorkerProcesses
{
    public sealed record Result(int Ok, int Failed);

    public static async Task<IReadOnlyList<Result>> RunAsync(int instances, IReadOnlyDictionary<string, string> environment, string? benchDll = null)
    {
        var dll = benchDll ?? typeof(WorkerProcesses).Assembly.Location;
        var outputs = new List<List<string>>();
        var processes = new List<WatchedProcess>();
        for (var i = 0; i < instances; i++)
        {
            var lines = new List<string>();
            outputs.Add(lines);
            processes.Add(WatchedProcess.Start("dotnet", [dll, "worker"], line =>
            {
                lock (lines)
                {
                    lines.Add(line);
                }
            }, environment));
        }

        foreach (var process in processes)
        {
            await process.WaitForExitAsync();
        }

        var results = new List<Result>();
        for (var i = 0; i < instances; i++)
        {
            var line = outputs[i].LastOrDefault(l => l.StartsWith('{'))
                ?? throw new InvalidOperationException($"Worker {i} printed no result (exit {processes[i].ExitCode}):\n{string.Join('\n', outputs[i])}");
            using var json = JsonDocument.Parse(line);
            results.Add(new Result(json.RootElement.GetProperty("ok").GetInt32(), json.RootElement.GetProperty("failed").GetInt32()));
            await processes[i].DisposeAsync();
        }

        return results;
    }
}
