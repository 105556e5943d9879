using System.Globalization;
using Fisikal.Sync.Simulators.PerfectGymNext;

namespace Fisikal.Sync.Simulators;

// Runs a simulated PerfectGym Next club until Ctrl-C:
//   dotnet run --project Fisikal.Sync.Simulators -- --port 0 --customers 250 --seed 42 --limit 1000 --window-seconds 60 \
//       [--webhook-url http://127.0.0.1:7071/api/webhooks/perfectgym-next] [--api-key <key>]
// The keys may also come from SIMULATOR_API_KEY and SIMULATOR_WEBHOOK_API_KEY, so they need not appear on a command line.
// The admin API is under /_admin (customers, contracts, check-ins, faults, limits, stats).
public static class SimulatorProgram
{
    public static async Task<int> Main(string[] args)
    {
        var options = new PerfectGymNextSimulatorOptions();
        if (Environment.GetEnvironmentVariable("SIMULATOR_API_KEY") is { Length: > 0 } envKey)
        {
            options.ApiKey = envKey;
        }

        if (Environment.GetEnvironmentVariable("SIMULATOR_WEBHOOK_API_KEY") is { Length: > 0 } hookKey)
        {
            options.WebhookApiKey = hookKey;
        }

        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            var value = args[i + 1];
            switch (args[i])
            {
                case "--port": options.Port = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--customers": options.Customers = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--seed": options.Seed = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--api-key": options.ApiKey = value; break;
                case "--limit": options.LimitPerWindow = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--window-seconds": options.Window = TimeSpan.FromSeconds(int.Parse(value, CultureInfo.InvariantCulture)); break;
                case "--window-phase-ms": options.WindowPhase = TimeSpan.FromMilliseconds(int.Parse(value, CultureInfo.InvariantCulture)); break;
                case "--webhook-url": options.WebhookUrl = new Uri(value); break;
                default:
                    Console.Error.WriteLine($"Unknown option {args[i]}. Options: --port, --customers, --seed, --api-key, --limit, --window-seconds, --webhook-url.");
                    return 2;
            }
        }

        await using var simulator = await PerfectGymNextSimulator.StartAsync(options);
        Console.WriteLine($"PerfectGym Next simulator: {simulator.Store.Count} customers at {simulator.BaseUrl}");
        var done = new TaskCompletionSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            done.TrySetResult();
        };
        AppDomain.CurrentDomain.ProcessExit += (_, _) => done.TrySetResult();
        await done.Task;
        return 0;
    }
}
