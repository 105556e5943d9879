using System.Globalization;
using Fisikal.Sync.Simulators.PerfectGymNext;

namespace Fisikal.Sync.Simulators;

// Runs a simulated PerfectGym Next club until Ctrl-C:
//   dotnet run --project Fisikal.Sync.Simulators -- --port 0 --customers 250 --seed 42 --api-key <key>
// The key may also come from SIMULATOR_API_KEY, so it need not appear on a command line.
public static class SimulatorProgram
{
    public static async Task<int> Main(string[] args)
    {
        var options = new PerfectGymNextSimulatorOptions();
        if (Environment.GetEnvironmentVariable("SIMULATOR_API_KEY") is { Length: > 0 } envKey)
        {
            options.ApiKey = envKey;
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
                default:
                    Console.Error.WriteLine($"Unknown option {args[i]}. Options: --port, --customers, --seed, --api-key.");
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
