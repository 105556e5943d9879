using System.Collections.Concurrent;
using System.Diagnostics;
using Fisikal.Sync.Simulators.Processes;

namespace Fisikal.Sync.Tests.LocalRun;

/// <summary>
/// `make run` stopped as a person stops it: Ctrl-C in a terminal, which signals every process of the foreground group at
/// once (the runner, Azurite, the emulator, the worker). Everything stops, nothing is printed after the signal but the
/// runner's own line, and the run exits 0.
/// </summary>
public sealed class CtrlCTests
{
    [Fact]
    public async Task Ctrl_C_to_the_whole_process_group_stops_everything_quietly_and_exits_0()
    {
        var folder = Directory.CreateTempSubdirectory("fisikal-localrun-").FullName;
        var output = new ConcurrentQueue<string>();
        var schedulesRunning = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var start = new ProcessStartInfo("setsid") // a process group of its own, as a terminal's foreground job
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "dotnet", Path.Combine(AppProcess.BuildOutput("Fisikal.Sync.LocalRun"), "Fisikal.Sync.LocalRun.dll"), "--app", AppProcess.BuildOutput("Fisikal.Sync.Functions"), "--customers", "30" })
        {
            start.ArgumentList.Add(argument);
        }

        using var run = Process.Start(start)!;
        void Read(string? line)
        {
            if (line is null)
            {
                return;
            }

            output.Enqueue(line);
            if (line.StartsWith("Schedules are running", StringComparison.Ordinal))
            {
                schedulesRunning.TrySetResult();
            }
        }

        run.OutputDataReceived += (_, e) => Read(e.Data);
        run.ErrorDataReceived += (_, e) => Read(e.Data);
        run.BeginOutputReadLine();
        run.BeginErrorReadLine();
        try
        {
            await schedulesRunning.Task.WaitAsync(TimeSpan.FromMinutes(3));
            await Task.Delay(TimeSpan.FromSeconds(3)); // the schedules at work
            var before = output.Count;

            using (var ctrlC = Process.Start("kill", ["-INT", "--", "-" + run.Id])!)
            {
                await ctrlC.WaitForExitAsync();
            }

            using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await run.WaitForExitAsync(limit.Token);

            var after = output.Skip(before).ToList();
            Assert.True(run.ExitCode == 0, $"exit code {run.ExitCode}; after Ctrl-C:\n{string.Join('\n', after)}");
            Assert.Equal(["Stopped."], after);
            // Azurite, the emulator and the worker are gone: at once, or within seconds for one that was already leaving (a
            // worker ends on its parent-death signal when the emulator is gone, a moment after the runner has returned).
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (ProcessesOfGroup(run.Id).Count > 0 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }

            Assert.True(ProcessesOfGroup(run.Id).Count == 0, "left in the group 10 s after the runner exited: " + string.Join("; ", ProcessesOfGroup(run.Id).Select(Describe)));
        }
        finally
        {
            if (!run.HasExited)
            {
                run.Kill(entireProcessTree: true);
            }

            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>A process's pid, state and command line, to say what was left behind.</summary>
    private static string Describe(string pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var command = File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ').Trim();
            return $"{pid} {stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[0]} {command}";
        }
        catch (IOException)
        {
            return pid + " (gone)";
        }
    }

    private static List<string> ProcessesOfGroup(int group) =>
        [.. Directory.GetDirectories("/proc").Select(d => Path.GetFileName(d)).Where(d => d.All(char.IsAsciiDigit)).Where(pid =>
        {
            try
            {
                // /proc/{pid}/stat: "pid (comm) state ppid pgrp ..."; comm may hold spaces, so read after its ')'.
                var stat = File.ReadAllText($"/proc/{pid}/stat");
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                return fields[2] == group.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
            catch (IOException)
            {
                return false;
            }
        })];
}
