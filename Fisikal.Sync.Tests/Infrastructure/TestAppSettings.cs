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
    public static Dictionary<string, string?> ForNext(PerfectGymNextSimulator club, string name) => OnDemand(name, "PerfectGymNext", club.BaseUrl, new()
    {
        ["ApiKey"] = club.Options.ApiKey,
        ["WebhookApiKey"] = club.Options.WebhookApiKey,
    });

    /// <summary>A PerfectGym classic integration named <paramref name="name"/> on the simulated PGM club, its schedules run only when a test asks.</summary>
    public static Dictionary<string, string?> ForClassic(Simulators.PerfectGymClassic.PerfectGymClassicSimulator club, string name, string? clientSecret = null) =>
        OnDemand(name, "PerfectGymClassic", club.BaseUrl, new()
        {
            ["ClientId"] = club.Options.ClientId,
            ["ClientSecret"] = clientSecret ?? club.Options.ClientSecret,
        });

    /// <summary>A Gladstone integration named <paramref name="name"/> on the simulated Plus 2 service, its schedules run only when a test asks.</summary>
    public static Dictionary<string, string?> ForGladstone(Simulators.Gladstone.GladstoneSimulator service, string name, string? password = null) =>
        OnDemand(name, "Gladstone", service.BaseUrl, new()
        {
            ["Username"] = service.Options.Username,
            ["Password"] = password ?? service.Options.Password,
            ["AppName"] = service.Options.AppName,
        });

    /// <summary>Every schedule of integration <paramref name="name"/> far away: what changes, changes because the test asked.</summary>
    public static Dictionary<string, string?> SchedulesOnDemand(string name) =>
        new[] { "ClientSyncSchedule", "AccessSyncSchedule", "PackageSweepSchedule", "ChangeCleanupSchedule", "SubscriptionTypeCheckSchedule" }
            .ToDictionary(schedule => $"Integrations:{name}:{schedule}", _ => (string?)"0 0 0 1 1 *");

    /// <summary>An integration whose every schedule is far away (a test runs one when it asks), with fast retries and no budget to speak of.</summary>
    private static Dictionary<string, string?> OnDemand(string name, string kind, Uri baseUrl, Dictionary<string, string?> credentials)
    {
        var settings = new Dictionary<string, string?>
        {
            [$"Integrations:{name}:Kind"] = kind,
            [$"Integrations:{name}:BaseUrl"] = baseUrl.AbsoluteUri,
            [$"Integrations:{name}:RateLimit:RequestsPerMinute"] = "1000000",
            [$"Integrations:{name}:Resilience:MaxRetries"] = "2",
            [$"Integrations:{name}:Resilience:BaseBackoff"] = "00:00:00.010",
        };
        foreach (var (setting, value) in SchedulesOnDemand(name))
        {
            settings[setting] = value;
        }

        foreach (var (setting, value) in credentials)
        {
            settings[$"Integrations:{name}:{setting}"] = value;
        }

        return settings;
    }
}
