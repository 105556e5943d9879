using System.Globalization;

namespace Fisikal.Sync.LocalRun;

/// <summary>What `make run` asked for.</summary>
public sealed record LocalRunOptions(string AppPath, bool Once, int Customers)
{
    public const string Usage = "Usage: Fisikal.Sync.LocalRun --app <the worker's build folder, with functions.metadata> [--once] [--customers N]";

    public static LocalRunOptions Parse(string[] args)
    {
        string? app = null;
        var once = false;
        var customers = 250;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--app" when i + 1 < args.Length:
                    app = args[++i];
                    break;
                case "--once":
                    once = true;
                    break;
                case "--customers" when i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var n):
                    customers = n;
                    i++;
                    break;
                default:
                    throw new ArgumentException($"Unknown or incomplete option '{args[i]}'. {Usage}");
            }
        }

        if (app is null || !File.Exists(Path.Combine(app, "functions.metadata")))
        {
            throw new ArgumentException($"The app was not found at '{app}'; build it first (make run does). {Usage}");
        }

        return new LocalRunOptions(Path.GetFullPath(app), once, customers);
    }
}
