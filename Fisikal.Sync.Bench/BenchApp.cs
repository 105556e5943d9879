using System.Globalization;
using Fisikal.Sync.Simulators.Azurite;
using Fisikal.Sync.Simulators.PerfectGymNext;
using Fisikal.Sync.Simulators.Processes;

namespace Fisikal.Sync.Bench;

/// <summary>The app's real binary as the benchmarks run it: one PerfectGym Next integration on the simulated club, schedules off, quiet logs.</summary>
public static class BenchApp
{
    public const string Integration = "bench";
    public const string AdminKey = "bench-admin-key";

    /// <param name="storageConnection">A connection string other than Azurite's own (the cost benchmark's counting proxy).</param>
    /// <param name="settings">More settings, or replacements.</param>
    public static async Task<AppProcess> StartAsync(
        AzuriteProcess azurite,
        PerfectGymNextSimulator club,
        string appPath,
        int limitPerMinute,
        int? port = null,
        string? storageConnection = null,
        IReadOnlyDictionary<string, string?>? settings = null)
    {
        var never = "0 0 0 1 1 *";
        var environment = new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = storageConnection ?? azurite.ConnectionString,
            [$"Integrations__{Integration}__Kind"] = "PerfectGymNext",
            [$"Integrations__{Integration}__BaseUrl"] = club.BaseUrl.AbsoluteUri,
            [$"Integrations__{Integration}__ApiKey"] = club.Options.ApiKey,
            [$"Integrations__{Integration}__WebhookApiKey"] = club.Options.WebhookApiKey,
            [$"Integrations__{Integration}__RateLimit__RequestsPerMinute"] = limitPerMinute.ToString(CultureInfo.InvariantCulture),

            // Schedules far away, so only the work measured runs.
            [$"Integrations__{Integration}__ClientSyncSchedule"] = never,
            [$"Integrations__{Integration}__PackageSweepSchedule"] = never,
            [$"Integrations__{Integration}__AccessSyncSchedule"] = never,
            ["Admin__ApiKey"] = AdminKey,
            ["Logging__LogLevel__Default"] = "Warning",
        };
        foreach (var (name, value) in settings ?? new Dictionary<string, string?>())
        {
            environment[name] = value;
        }

        var app = await AppProcess.StartAsync(
            environment,
            worker: appPath,
            port: port);
        return app;
    }
}
