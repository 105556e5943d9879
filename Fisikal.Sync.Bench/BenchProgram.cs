using System.Globalization;

namespace Fisikal.Sync.Bench;

/// <summary>
/// make bench: prints its figures and the settings that made them.
///   Fisikal.Sync.Bench budget [--limit 1000] [--window-seconds 60] [--windows 2] [--concurrency 8]
///   Fisikal.Sync.Bench worker   (one instance; settings from BENCH_* environment variables)
/// </summary>
public static class BenchProgram
{
    public static async Task<int> Main(string[] args)
    {
        var mode = args.Length > 0 ? args[0] : "budget";
        return mode switch
        {
            "worker" => await BudgetWorker.RunAsync(),
            "budget" => await RateBudgetBenchmark.RunAsync(
                IntOption(args, "--limit", 1000),
                TimeSpan.FromSeconds(IntOption(args, "--window-seconds", 60)),
                IntOption(args, "--windows", 2),
                IntOption(args, "--concurrency", 8)),
            _ => Usage(),
        };
    }

    private static int IntOption(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }

    private static int Usage()
    {
        Console.Error.WriteLine("Usage: Fisikal.Sync.Bench [budget [--limit N] [--window-seconds S] [--windows N] [--concurrency N] | worker]");
        return 2;
    }
}
