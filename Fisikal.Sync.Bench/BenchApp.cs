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

    public static async Task<AppProcess> StartAsync(AzuriteProcess azurite, PerfectGymNextSimulator club, string appPath, int limitPerMinute, int? port = null)
    {
        var never = "0 0 0 1 1 *";
        var app = await AppProcess.StartAsync(
            new Dictionary<string, string?>
            {
                ["AzureWebJobsStorage"] = azurite.ConnectionString,
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
            },
            asCustomHandler: false,
            appPath: appPath,
            port: port);
        app.Http.DefaultRequestHeaders.Add("x-admin-key", AdminKey);
        return app;
    }
}
