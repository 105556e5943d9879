using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;

namespace Fisikal.Sync.Core.Integrations;

/// <summary>
/// The integrations configured under <c>Integrations</c>, validated at start-up: a bad setting stops
/// the app with a message naming the setting (and never its value).
/// </summary>
public sealed partial class IntegrationRegistry
{
    private readonly Dictionary<string, IntegrationOptions> _integrations;

    public IntegrationRegistry(IEnumerable<IntegrationOptions> integrations)
    {
        _integrations = new Dictionary<string, IntegrationOptions>(StringComparer.Ordinal);
        foreach (var integration in integrations)
        {
            Validate(integration);
            _integrations[integration.Name] = integration;
        }
    }

    public IReadOnlyCollection<IntegrationOptions> All => _integrations.Values;

    public static IntegrationRegistry FromConfiguration(IConfiguration configuration)
    {
        var list = new List<IntegrationOptions>();
        foreach (var section in configuration.GetSection("Integrations").GetChildren())
        {
            var options = new IntegrationOptions();
            try
            {
                section.Bind(options);
            }
            catch (InvalidOperationException ex)
            {
                throw new InvalidOperationException($"Integrations__{section.Key}: {ex.Message}", ex);
            }

            options.Name = section.Key;
            list.Add(options);
        }

        return new IntegrationRegistry(list);
    }

    public bool TryGet(string name, out IntegrationOptions integration) => _integrations.TryGetValue(name, out integration!);

    public IntegrationOptions Get(string name) =>
        _integrations.TryGetValue(name, out var integration)
            ? integration
            : throw new KeyNotFoundException($"No integration named '{name}' is configured.");

    private static void Validate(IntegrationOptions integration)
    {
        if (!NamePattern().IsMatch(integration.Name))
        {
            throw new InvalidOperationException(
                $"Integration name '{integration.Name}' must be 1-64 letters, digits, '-' or '_' (it is a table key).");
        }

        var prefix = $"Integrations__{integration.Name}__";
        if (ConnectionProblems(integration, prefix).FirstOrDefault() is { } connection)
        {
            throw new InvalidOperationException(connection);
        }

        integration.RateLimit.Validate(prefix);
        if (TuningProblems(integration, prefix).FirstOrDefault() is { } tuning)
        {
            throw new InvalidOperationException(tuning);
        }
    }

    /// <summary>What the integration needs to reach its source and to judge its members, kind by kind.</summary>
    private static IEnumerable<string> ConnectionProblems(IntegrationOptions integration, string prefix)
    {
        if (integration.Kind is null)
        {
            yield return $"{prefix}Kind is required: PerfectGymNext, PerfectGymClassic or Gladstone.";
        }

        if (integration.Kind == IntegrationKind.Gladstone && (string.IsNullOrEmpty(integration.Username) || string.IsNullOrEmpty(integration.Password) || string.IsNullOrEmpty(integration.AppName)))
        {
            yield return $"{prefix}Username, {prefix}Password and {prefix}AppName are required for Gladstone (its AuthHeader).";
        }

        if (integration.Kind == IntegrationKind.Gladstone && integration.ValidationType is not ("PIN" or "Password" or "SecurePassword"))
        {
            yield return $"{prefix}ValidationType must be PIN, Password or SecurePassword.";
        }

        if (integration.MinimumAge is < 0 or > 120)
        {
            yield return $"{prefix}MinimumAge must be between 0 and 120 years.";
        }

        if (integration.BaseUrl is null || !integration.BaseUrl.IsAbsoluteUri)
        {
            yield return $"{prefix}BaseUrl is required and must be an absolute URL.";
        }

        // Secrets travel with every request: never in the clear, except to this machine (simulators, tunnels).
        if (integration.BaseUrl is { IsAbsoluteUri: true } baseUrl && baseUrl.Scheme != Uri.UriSchemeHttps && !baseUrl.IsLoopback)
        {
            yield return $"{prefix}BaseUrl must be an https URL (http is allowed only for a loopback host).";
        }

        if (integration.Kind == IntegrationKind.PerfectGymNext && string.IsNullOrEmpty(integration.ApiKey))
        {
            yield return $"{prefix}ApiKey is required for PerfectGym Next.";
        }

        if (integration.Kind == IntegrationKind.PerfectGymClassic && (string.IsNullOrEmpty(integration.ClientId) || string.IsNullOrEmpty(integration.ClientSecret)))
        {
            yield return $"{prefix}ClientId and {prefix}ClientSecret are required for PerfectGym classic (PGM Settings > API Clients).";
        }
    }

    /// <summary>Retries, slices and chunks within what the sources and Table Storage allow.</summary>
    private static IEnumerable<string> TuningProblems(IntegrationOptions integration, string prefix)
    {
        if (integration.Resilience.MaxRetries < 0 || integration.Resilience.AttemptTimeout <= TimeSpan.Zero)
        {
            yield return $"{prefix}Resilience__MaxRetries must be 0 or more and Resilience__AttemptTimeout positive.";
        }

        if (integration.SliceSize is < 50 or > 500)
        {
            yield return $"{prefix}SliceSize must be between 50 and 500.";
        }

        if (integration.PackageChunkSize is < 1 or > 200 || integration.PackageSweepBatch < 0)
        {
            yield return $"{prefix}PackageChunkSize must be 1-200 and PackageSweepBatch 0 or more.";
        }
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex NamePattern();
}
