using System.Text.Json;

namespace Fisikal.Sync.Functions.Configuration;

/// <summary>
/// Reads the <c>Values</c> of <c>local.settings.json</c> in the working directory, as the Functions tools
/// do for local runs. Environment variables and the command line still win.
/// </summary>
public static class LocalSettingsConfiguration
{
    public static IConfigurationBuilder AddLocalSettings(this ConfigurationManager configuration, string directory)
    {
        var path = Path.Combine(directory, "local.settings.json");
        if (!File.Exists(path))
        {
            return configuration;
        }

        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        using (var json = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }))
        {
            if (json.RootElement.TryGetProperty("Values", out var settings))
            {
                foreach (var setting in settings.EnumerateObject())
                {
                    values[setting.Name.Replace("__", ":", StringComparison.Ordinal)] =
                        setting.Value.ValueKind == JsonValueKind.String ? setting.Value.GetString() : setting.Value.GetRawText();
                }
            }
        }

        // Lowest priority: inserted before the environment and the command line.
        var source = new Microsoft.Extensions.Configuration.Memory.MemoryConfigurationSource { InitialData = values };
        ((IConfigurationBuilder)configuration).Sources.Insert(0, source);
        return configuration;
    }
}
