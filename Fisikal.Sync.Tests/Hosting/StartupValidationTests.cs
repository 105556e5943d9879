using Microsoft.Extensions.DependencyInjection;
using Fisikal.Sync.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace Fisikal.Sync.Tests.Hosting;

/// <summary>
/// What the host checks when the app starts (<c>ValidateOnStart</c>): every registered job's schedule, for every integration
/// it applies to, and the <c>Auth</c> settings. Each message names the setting, never its value.
/// </summary>
public sealed class StartupValidationTests
{
    [Theory]
    [InlineData("RetentionSchedule", "every night")]
    [InlineData("ClientSyncSchedule", "*/7 * * * *")]
    [InlineData("PackageSweepSchedule", "")]
    public void A_schedule_that_does_not_parse_stops_the_app_at_start_up_naming_its_setting(string setting, string value)
    {
        using var services = Core(("Integrations:club:" + setting, value));

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());
        Assert.Contains($"Integrations__club__{setting} is not a six-field NCrontab expression", error.Message, StringComparison.Ordinal);
        if (value.Length > 0)
        {
            Assert.DoesNotContain(value, error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_schedule_of_a_job_that_does_not_apply_to_the_kind_is_not_held_against_it()
    {
        // ChangeCleanup runs for Gladstone only: a PerfectGym Next integration's setting for it is never used.
        using var services = Core(("Integrations:club:ChangeCleanupSchedule", "whenever"));

        services.GetRequiredService<IStartupValidator>().Validate();
    }

    [Theory]
    [InlineData("Auth:PasswordIterations", "100000", "Auth__PasswordIterations")]
    [InlineData("Auth:SessionSigningKey", "c2hvcnQ=", "Auth__SessionSigningKey")]
    [InlineData("Auth:FailuresBeforeLockout", "0", "Auth__FailuresBeforeLockout")]
    public void A_bad_auth_setting_stops_the_app_at_start_up_naming_it(string key, string value, string setting)
    {
        using var services = Core((key, value));

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());
        Assert.Contains(setting, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(value, error.Message, StringComparison.Ordinal);
    }

    private static ServiceProvider Core(params (string Key, string Value)[] extra)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Integrations:club:Kind"] = "PerfectGymNext",
            ["Integrations:club:BaseUrl"] = "http://127.0.0.1:9/v1/",
            ["Integrations:club:ApiKey"] = "k",
        };
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }

        return CoreServices.Registered(settings);
    }
}
