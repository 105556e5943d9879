using System.Net.Http.Json;
using System.Text.Json;

namespace Fisikal.Sync.Simulators.Processes;

/// <summary>Polls a sync run's progress (<c>GET .../sync-runs/{runId}</c>) until it is Completed or Failed.</summary>
public static class SyncRunWatcher
{
    public static async Task<JsonElement> WaitAsync(HttpClient http, Uri run, TimeSpan timeout, Action<JsonElement>? onProgress = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var progress = await http.GetFromJsonAsync<JsonElement>(run).ConfigureAwait(false);
            onProgress?.Invoke(progress);
            if (progress.GetProperty("status").GetString() is "Completed" or "Failed")
            {
                return progress;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The run at {run} did not end within {timeout}: {progress}");
            }

            await Task.Delay(200).ConfigureAwait(false);
        }
    }
}
