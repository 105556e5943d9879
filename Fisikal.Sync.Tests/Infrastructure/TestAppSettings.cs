using Fisikal.Sync.Simulators.Azurite;
using Fisikal.Sync.Simulators.PerfectGymNext;

namespace Fisikal.Sync.Tests.Infrastructure;

/// <summary>The settings a test app runs with: its Azurite, one PerfectGym Next integration on the simulator, fast retries.</summary>
public static class TestAppSettings
{
    public const string Integration = "club";
    public const string AdminKey = "test-admin-key-7f3a";

    /// <summary>Keys with ':' (configuration) or '__' (environment), as <paramref name="separator"/> says.</summary>
    public static Dictionary<string, string?> For(AzuriteProcess azurite, PerfectGymNextSimulator club, string? apiKey = null, string separator = ":")
    {
        var settings = new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            [$"Integrations:{Integration}:Kind"] = "PerfectGymNext",
            [$"Integrations:{Integration}:BaseUrl"] = club.BaseUrl.AbsoluteUri,
            [$"Integrations:{Integration}:ApiKey"] = apiKey ?? club.Options.ApiKey,
            [$"Integrations:{Integration}:WebhookApiKey"] = club.Options.WebhookApiKey,
            ["Admin:ApiKey"] = AdminKey,

            // The scheduler's timer looks for due schedules every 2 s (every minute in production): the emulator's knob.
            ["HostEmulator:TimerSchedule:Scheduler"] = "*/2 * * * * *",

            // Tests are about what gets written; the budget is tested on its own.
            [$"Integrations:{Integration}:RateLimit:RequestsPerMinute"] = "1000000",
            [$"Integrations:{Integration}:Resilience:MaxRetries"] = "2",
            [$"Integrations:{Integration}:Resilience:BaseBackoff"] = "00:00:00.010",
        };
        return separator == ":" ? settings : settings.ToDictionary(kv => kv.Key.Replace(":", separator, StringComparison.Ordinal), kv => kv.Value);
    }

    /// <summary>A PerfectGym Next integration named <paramref name="name"/> on the simulated studio, its schedules run only when a test asks.</summary>
    public static Dictionary<string, string?> ForNext(PerfectGymNextSimulator club, string name)
    {
        const string never = "0 0 0 1 1 *";
        return new Dictionary<string, string?>
        {
            [$"Integrations:{name}:Kind"] = "PerfectGymNext",
            [$"Integrations:{name}:BaseUrl"] = club.BaseUrl.AbsoluteUri,
            [$"Integrations:{name}:ApiKey"] = club.Options.ApiKey,
            [$"Integrations:{name}:WebhookApiKey"] = club.Options.WebhookApiKey,
            [$"Integrations:{name}:ClientSyncSchedule"] = never,
            [$"Integrations:{name}:AccessSyncSchedule"] = never,
            [$"Integrations:{name}:PackageSweepSchedule"] = never,
            [$"Integrations:{name}:RateLimit:RequestsPerMinute"] = "1000000",
            [$"Integrations:{name}:Resilience:MaxRetries"] = "2",
            [$"Integrations:{name}:Resilience:BaseBackoff"] = "00:00:00.010",
        };
    }

    /// <summary>A PerfectGym classic integration named <paramref name="name"/> on the simulated PGM club, its schedules run only when a test asks.</summary>
    public static Dictionary<string, string?> ForClassic(Simulators.PerfectGymClassic.PerfectGymClassicSimulator club, string name, string? clientSecret = null)
    {
        const string never = "0 0 0 1 1 *";
        return new Dictionary<string, string?>
        {
            [$"Integrations:{name}:Kind"] = "PerfectGymClassic",
            [$"Integrations:{name}:BaseUrl"] = club.BaseUrl.AbsoluteUri,
            [$"Integrations:{name}:ClientId"] = club.Options.ClientId,
            [$"Integrations:{name}:ClientSecret"] = clientSecret ?? club.Options.ClientSecret,
            [$"Integrations:{name}:ClientSyncSchedule"] = never,
            [$"Integrations:{name}:AccessSyncSchedule"] = never,
            [$"Integrations:{name}:PackageSweepSchedule"] = never,
            [$"Integrations:{name}:RateLimit:RequestsPerMinute"] = "1000000",
            [$"Integrations:{name}:Resilience:MaxRetries"] = "2",
            [$"Integrations:{name}:Resilience:BaseBackoff"] = "00:00:00.010",
        };
    }

    /// <summary>A Gladstone integration named <paramref name="name"/> on the simulated Plus 2 service, its schedules run only when a test asks.</summary>
    public static Dictionary<string, string?> ForGladstone(Simulators.Gladstone.GladstoneSimulator service, string name, string? password = null)
    {
        const string never = "0 0 0 1 1 *";
        return new Dictionary<string, string?>
        {
            [$"Integrations:{name}:Kind"] = "Gladstone",
            [$"Integrations:{name}:BaseUrl"] = service.BaseUrl.AbsoluteUri,
            [$"Integrations:{name}:Username"] = service.Options.Username,
            [$"Integrations:{name}:Password"] = password ?? service.Options.Password,
            [$"Integrations:{name}:AppName"] = service.Options.AppName,
            [$"Integrations:{name}:ClientSyncSchedule"] = never,
            [$"Integrations:{name}:AccessSyncSchedule"] = never,
            [$"Integrations:{name}:PackageSweepSchedule"] = never,
            [$"Integrations:{name}:ChangeCleanupSchedule"] = never,
            [$"Integrations:{name}:SubscriptionTypeCheckSchedule"] = never,
            [$"Integrations:{name}:RateLimit:RequestsPerMinute"] = "1000000",
            [$"Integrations:{name}:Resilience:MaxRetries"] = "2",
            [$"Integrations:{name}:Resilience:BaseBackoff"] = "00:00:00.010",
        };
    }
}
