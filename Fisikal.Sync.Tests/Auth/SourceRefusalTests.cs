using Fisikal.Sync.Core.Auth;
using Fisikal.Sync.Core.Integrations;
using Fisikal.Sync.Simulators.Gladstone;
using Fisikal.Sync.Simulators.PerfectGymClassic;
using Fisikal.Sync.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Fisikal.Sync.Tests.Auth;

/// <summary>
/// A source that answers a wrong password with a 4xx other than PGM's documented 400, or with a SOAP client fault, has
/// answered: the attempt counts, and the lockout comes as for any refusal (an outage alone is given back). Through
/// LoginService on Core, against each source's simulator.
/// </summary>
public sealed class SourceRefusalTests
{
    private const int Lockout = 3;

    [Fact]
    public async Task PerfectGym_classic_refusing_a_password_with_422_counts_and_locks_the_user_name_out()
    {
        await using var club = await PerfectGymClassicSimulator.StartAsync(new PerfectGymClassicSimulatorOptions { Members = 0 });
        club.Faults.WrongCredentialsStatus = 422;
        var name = AzuriteServer.UniqueName("pgm");
        await using var core = await CoreServices.StartAsync(WithAuth(TestAppSettings.ForClassic(club, name)));

        var outcomes = await GuessAsync(core, name, Lockout + 1);

        Assert.Equal(Enumerable.Repeat<LoginFailure?>(LoginFailure.Unauthorized, Lockout).Append(LoginFailure.LockedOut), outcomes);
        Assert.Equal(Lockout, club.RequestCounts["POST ValidateCredentials"]); // the locked-out guess never reached the club
    }

    [Fact]
    public async Task Gladstone_answering_a_PIN_with_a_client_fault_counts_and_locks_the_user_name_out()
    {
        await using var service = await GladstoneSimulator.StartAsync(new GladstoneSimulatorOptions { Members = 0 });
        service.LoginFaultCode = "soap:Client";
        var name = AzuriteServer.UniqueName("gp2");
        var settings = WithAuth(TestAppSettings.ForGladstone(service, name));
        settings[$"Integrations:{name}:ValidationType"] = "PIN";
        await using var core = await CoreServices.StartAsync(settings);

        var outcomes = await GuessAsync(core, name, Lockout + 1);

        Assert.Equal(Enumerable.Repeat<LoginFailure?>(LoginFailure.Unauthorized, Lockout).Append(LoginFailure.LockedOut), outcomes);
        Assert.Equal(Lockout, service.Calls["LoginMember"]);
    }

    [Fact]
    public async Task An_outage_is_given_back_and_never_locks_anyone_out()
    {
        await using var club = await PerfectGymClassicSimulator.StartAsync(new PerfectGymClassicSimulatorOptions { Members = 0 });
        club.Faults.Down = true;
        var name = AzuriteServer.UniqueName("pgm");
        await using var core = await CoreServices.StartAsync(WithAuth(TestAppSettings.ForClassic(club, name)));

        var outcomes = await GuessAsync(core, name, Lockout + 2);

        Assert.All(outcomes, o => Assert.Equal(LoginFailure.Unavailable, o));
    }

    private static async Task<List<LoginFailure?>> GuessAsync(ServiceProvider core, string integration, int times)
    {
        var login = core.GetRequiredService<LoginService>();
        var options = core.GetRequiredService<IntegrationRegistry>().Get(integration);
        var userName = $"guessed-{Guid.NewGuid():N}@example.test";
        var outcomes = new List<LoginFailure?>();
        for (var i = 0; i < times; i++)
        {
            outcomes.Add((await login.LoginAsync(userName, "1234", options)).Failure);
        }

        return outcomes;
    }

    private static Dictionary<string, string?> WithAuth(Dictionary<string, string?> settings)
    {
        settings["Auth:SessionSigningKey"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        settings["Auth:FailuresBeforeLockout"] = Lockout.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return settings;
    }
}
