using System.Globalization;

namespace Fisikal.Sync.Bench;

/// <summary>
/// make bench: prints its figures and the settings that made them.
///   Fisikal.Sync.Bench all --app &lt;the worker's build folder&gt;        (both below, with their defaults)
///   Fisikal.Sync.Bench budget [--limit 1000] [--window-seconds 60] [--windows 2] [--concurrency 8]
///   Fisikal.Sync.Bench initial-sync --app &lt;the worker's build folder&gt; [--sizes 3750] [--limit 1000] [--phase-ms 23400]
///   Fisikal.Sync.Bench webhooks --app &lt;the worker's build folder&gt; [--per-second 50] [--seconds 60]
///   Fisikal.Sync.Bench cost --app &lt;the worker's build folder&gt; [--customers 12500] [--members 10000] [--daily-change-percent 1]
///   Fisikal.Sync.Bench worker   (one instance; settings from BENCH_* environment variables)
/// </summary>
public static class BenchProgram
{
    public static async Task<int> Main(string[] args)
    {
        var mode = args.Length > 0 ? args[0] : "all";
        return mode switch
        {
            "worker" => await BudgetWorker.RunAsync(),
            "budget" => await BudgetAsync(args),
            "initial-sync" => await InitialSyncAsync(args),
            "webhooks" => await WebhooksAsync(args),
            "cost" => await CostAsync(args),
            "all" => await InitialSyncAsync(args) + await WebhooksAsync(args) + await BudgetAsync(args) + await CostAsync(args),
            _ => Usage(),
        };
    }

    private static Task<int> BudgetAsync(string[] args) => RateBudgetBenchmark.RunAsync(
        IntOption(args, "--budget-limit", 1000),
        TimeSpan.FromSeconds(IntOption(args, "--window-seconds", 60)),
        IntOption(args, "--windows", 2),
        IntOption(args, "--concurrency", 8));

    private static Task<int> WebhooksAsync(string[] args) => WebhookBenchmark.RunAsync(
        Path.GetFullPath(StringOption(args, "--app") ?? throw new ArgumentException("webhooks needs --app <the worker's build folder>.")),
        IntOption(args, "--per-second", 50),
        TimeSpan.FromSeconds(IntOption(args, "--seconds", 60)));

    private static Task<int> CostAsync(string[] args) => CostBenchmark.RunAsync(
        Path.GetFullPath(StringOption(args, "--app") ?? throw new ArgumentException("cost needs --app <the worker's build folder>.")),
        IntOption(args, "--customers", 12_500),
        IntOption(args, "--members", 10_000),
        IntOption(args, "--daily-change-percent", 1) / 100.0);

    private static Task<int> InitialSyncAsync(string[] args)
    {
        var app = StringOption(args, "--app") ?? throw new ArgumentException("initial-sync needs --app <the worker's build folder>.");
        // 3,750 customers are some 3,000 members: at PerfectGym's real limit, three windows' worth of contract reads.
        var sizes = (StringOption(args, "--sizes") ?? "3750").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToList();
        return InitialSyncBenchmark.RunAsync(Path.GetFullPath(app), sizes, IntOption(args, "--limit", 1000), TimeSpan.FromMilliseconds(IntOption(args, "--phase-ms", 23_400)));
    }

    private static int IntOption(string[] args, string name, int fallback) =>
        StringOption(args, name) is { } value ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;

    private static string? StringOption(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    private static int Usage()
    {
        Console.Error.WriteLine("Usage: Fisikal.Sync.Bench [all | budget [--budget-limit N] [--window-seconds S] [--windows N] [--concurrency N] | initial-sync --app FOLDER [--sizes A,B] [--limit N] [--phase-ms P] | webhooks --app FOLDER [--per-second N] [--seconds S] | cost --app FOLDER [--customers N] [--members N] [--daily-change-percent P] | worker]");
        return 2;
    }
}
