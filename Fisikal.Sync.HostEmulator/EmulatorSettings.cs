using System.Reflection;
using System.Text.Json.Nodes;

namespace Fisikal.Sync.HostEmulator;

/// <summary>
/// What the emulator runs with: the worker's build output (<c>--worker</c>, by default Fisikal.Sync.Functions' output of
/// the same configuration), where it listens (<c>--urls</c> / <c>ASPNETCORE_URLS</c>, default <c>http://127.0.0.1:7071</c>,
/// as <c>func start</c>), and the app settings: the environment, and the <c>Values</c> of <c>local.settings.json</c> in the
/// working directory for the settings the environment does not have (as <c>func start</c>, which says which it skipped:
/// <see cref="SkippedLocalSettings"/>).
/// </summary>
public sealed record EmulatorSettings(string WorkerDirectory, string Urls, IReadOnlyDictionary<string, string?> AppSettings, IReadOnlyList<string> SkippedLocalSettings)
{
    public static EmulatorSettings Read(string[] args, string workingDirectory)
    {
        var worker = Option(args, "--worker")
            ?? typeof(EmulatorSettings).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "WorkerDirectory").Value!;
        var urls = Option(args, "--urls") ?? Environment.GetEnvironmentVariable("ASPNETCORE_URLS") ?? "http://127.0.0.1:7071";
        var settings = Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string?)e.Value, StringComparer.Ordinal);
        var skipped = new List<string>();
        var localSettings = Path.Combine(workingDirectory, "local.settings.json");
        if (File.Exists(localSettings) && JsonNode.Parse(File.ReadAllText(localSettings))?["Values"] is JsonObject values)
        {
            foreach (var (name, value) in values)
            {
                if (!settings.TryAdd(name, value?.ToString()))
                {
                    skipped.Add(name);
                }
            }
        }

        return new EmulatorSettings(Path.GetFullPath(worker), urls, settings, skipped);
    }

    /// <summary>A binding value with <c>%Setting%</c> parts replaced by their app settings, as the host resolves them.</summary>
    public string Resolve(string value) => System.Text.RegularExpressions.Regex.Replace(value, "%([^%]+)%", m =>
        AppSettings.TryGetValue(m.Groups[1].Value, out var setting) && setting is not null
            ? setting
            : throw new InvalidOperationException($"'{value}' names the app setting '{m.Groups[1].Value}', which is not set."));

    /// <summary>A storage connection setting's connection string (the emulator, for Azurite, reads connection strings only).</summary>
    public string ConnectionString(string? name)
    {
        name = string.IsNullOrEmpty(name) ? "AzureWebJobsStorage" : name;
        return AppSettings.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value)
            ? value
            : throw new InvalidOperationException($"The storage connection '{name}' is not set: the emulator needs a connection string (UseDevelopmentStorage=true for Azurite).");
    }

    /// <summary>
    /// The emulator's own knob for tests and local runs: a timer function's schedule in place of its binding's
    /// (<c>HostEmulator__TimerSchedule__{function}</c>), so the app's Scheduler can tick every few seconds while the app
    /// itself names no setting. Null when not set.
    /// </summary>
    public string? TimerSchedule(string function) =>
        AppSettings.TryGetValue("HostEmulator__TimerSchedule__" + function, out var schedule) && !string.IsNullOrWhiteSpace(schedule) ? schedule : null;

    /// <summary>The emulator's own knob: how long a message being processed stays leased (the host's 10 minutes by default).</summary>
    public TimeSpan QueueMessageLease =>
        AppSettings.TryGetValue("HostEmulator__QueueMessageLease", out var lease) && TimeSpan.TryParse(lease, System.Globalization.CultureInfo.InvariantCulture, out var value) && value > TimeSpan.Zero
            ? value
            : Triggers.QueueTriggerListener.DefaultLease;

    /// <summary>What tells this app's timers from another's on one storage account, as the host's id does.</summary>
    public string HostId(Metadata.WorkerApp app) =>
        AppSettings.TryGetValue("AzureFunctionsWebHost__hostid", out var id) && !string.IsNullOrEmpty(id)
            ? id
            : Path.GetFileNameWithoutExtension(app.WorkerPath).ToLowerInvariant();

    private static string? Option(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : args.FirstOrDefault(a => a.StartsWith(name + "=", StringComparison.Ordinal))?[(name.Length + 1)..];
    }
}
