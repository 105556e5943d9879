using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Fisikal.Sync.Tests.Infrastructure;

namespace Fisikal.Sync.Tests.Deployment;

/// <summary>
/// infra/ through the Bicep compiler (Azure.Bicep.CommandLine.linux-x64): it builds and lints without an error or a
/// warning, and its offline snapshot (the resources the deployment would make, expressions evaluated) keeps storage
/// keyless, reaches the app's storage by identity and holds every secret setting as a Key Vault reference.
/// </summary>
public sealed class InfraTests
{
    private static readonly string Infra = Path.Combine(RepositoryRoot.Path, "infra");

    [Fact]
    public void Main_bicep_builds_and_lints_with_no_error_or_warning_and_uses_no_registry_module()
    {
        var build = Bicep("build", Path.Combine(Infra, "main.bicep"), "--stdout");
        var lint = Bicep("lint", Path.Combine(Infra, "main.bicep"));

        Assert.True(build.ExitCode == 0 && build.Errors.Length == 0, "bicep build: " + build.Errors);
        Assert.True(lint.ExitCode == 0 && lint.Errors.Length == 0 && lint.Output.Trim().Length == 0, "bicep lint: " + lint.Errors + lint.Output);
        var template = JsonNode.Parse(build.Output)!;
        Assert.DoesNotContain("templateLink", build.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("listKeys", build.Output, StringComparison.Ordinal);
        foreach (var file in Directory.GetFiles(Infra, "*.bicep"))
        {
            Assert.DoesNotMatch("""module\s+\w+\s+'(br|ts)[:/]""", File.ReadAllText(file));
        }

        Assert.NotNull(template["resources"]);
    }

    [Fact]
    public void The_snapshot_keeps_storage_keyless_reaches_it_by_identity_and_every_secret_setting_is_a_key_vault_reference()
    {
        var resources = Snapshot(
            """
            param integrations = [
              { name: 'club', kind: 'PerfectGymNext', baseUrl: 'https://club.example', secrets: ['ApiKey', 'WebhookApiKey'], settings: { ClientSyncSchedule: '0 */10 * * * *' } }
              { name: 'pgm_north', kind: 'PerfectGymClassic', baseUrl: 'https://north.example', secrets: ['ClientSecret'], settings: { ClientId: 'north-client' } }
              { name: 'gp2', kind: 'Gladstone', baseUrl: 'https://gp2.example/', secrets: ['Password'], settings: { Username: 'sync', AppName: 'Fisikal' } }
            ]
            param secretSettings = ['Smtp__Password']
            param appSettings = { Smtp__Host: 'smtp.example' }
            """);

        var storage = Assert.Single(resources, r => Type(r) == "Microsoft.Storage/storageAccounts");
        Assert.False(storage["properties"]!["allowSharedKeyAccess"]!.GetValue<bool>());
        var vault = Assert.Single(resources, r => Type(r) == "Microsoft.KeyVault/vaults")["name"]!.GetValue<string>();
        var app = Assert.Single(resources, r => Type(r) == "Microsoft.Web/sites");
        Assert.Equal("dotnet-isolated", app["properties"]!["functionAppConfig"]!["runtime"]!["name"]!.GetValue<string>());
        Assert.Contains("userAssignedIdentities", app["properties"]!["keyVaultReferenceIdentity"]!.GetValue<string>(), StringComparison.Ordinal);
        var settings = app["properties"]!["siteConfig"]!["appSettings"]!.AsArray()
            .ToDictionary(s => s!["name"]!.GetValue<string>(), s => s!["value"]!.GetValue<string>(), StringComparer.Ordinal);

        Assert.DoesNotContain("AzureWebJobsStorage", settings.Keys);
        Assert.Equal(storage["name"]!.GetValue<string>(), settings["AzureWebJobsStorage__accountName"]);
        Assert.Equal("managedidentity", settings["AzureWebJobsStorage__credential"]);
        Assert.Contains("Microsoft.ManagedIdentity/userAssignedIdentities", settings["AzureWebJobsStorage__clientId"], StringComparison.Ordinal);
        Assert.Contains("Authorization=AAD", settings["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"], StringComparison.Ordinal);

        string[] secrets =
        [
            "Admin__ApiKey", "Auth__SessionSigningKey", "Auth__MemberTokenKey", "Smtp__Password",
            "Integrations__club__ApiKey", "Integrations__club__WebhookApiKey", "Integrations__pgm_north__ClientSecret", "Integrations__gp2__Password",
        ];
        foreach (var name in secrets)
        {
            var secretName = name.Replace("__", "--", StringComparison.Ordinal).Replace('_', '-');
            Assert.Equal($"@Microsoft.KeyVault(VaultName={vault};SecretName={secretName})", settings.GetValueOrDefault(name));
        }

        // Nothing else looks like a secret: every setting named like one is among them.
        var secretLike = settings.Keys.Where(k => k.EndsWith("ApiKey", StringComparison.Ordinal) || k.EndsWith("Secret", StringComparison.Ordinal)
            || k.EndsWith("Password", StringComparison.Ordinal) || k.EndsWith("Key", StringComparison.Ordinal));
        Assert.All(secretLike, k => Assert.Contains(k, secrets));
        Assert.Equal("north-client", settings["Integrations__pgm_north__ClientId"]);
    }

    private static List<JsonNode> Snapshot(string parameters)
    {
        // A .bicepparam must name its template by a relative path: the test works on a copy of infra/.
        var folder = Directory.CreateTempSubdirectory("fisikal-infra-");
        try
        {
            foreach (var file in Directory.GetFiles(Infra))
            {
                File.Copy(file, Path.Combine(folder.FullName, Path.GetFileName(file)));
            }

            var param = Path.Combine(folder.FullName, "test.bicepparam");
            File.WriteAllText(param, $"""
                using 'main.bicep'
                param environmentName = 'fisikal-test'
                param location = 'westeurope'
                param principalId = '00000000-0000-0000-0000-0000000000aa'
                {parameters}
                """);
            var run = Bicep("snapshot", param, "--subscription-id", "00000000-0000-0000-0000-000000000001", "--tenant-id", "00000000-0000-0000-0000-000000000002", "--location", "westeurope");
            Assert.True(run.ExitCode == 0 && run.Errors.Length == 0, "bicep snapshot: " + run.Errors + run.Output);
            var snapshot = JsonNode.Parse(File.ReadAllText(Path.Combine(folder.FullName, "test.snapshot.json")))!;
            Assert.Empty(snapshot["diagnostics"]?.AsArray() ?? []);
            return snapshot["predictedResources"]!.AsArray().Select(r => r!).ToList();
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static string Type(JsonNode resource) => resource["type"]!.GetValue<string>();

    private static (int ExitCode, string Output, string Errors) Bicep(params string[] arguments)
    {
        var cli = typeof(InfraTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "BicepCli").Value!;
        Assert.True(File.Exists(cli), $"The Bicep CLI is missing at {cli} (a package restore puts it there).");
        var start = new ProcessStartInfo(cli) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(2)), "bicep did not finish within 2 minutes");
        return (process.ExitCode, output.Result, errors.Result);
    }
}
