using System.Globalization;
using Azure.Data.Tables;
using Microsoft.Azure.Functions.Worker;

namespace Fisikal.Sync.HostEmulator.TestWorker;

/// <summary>A queue function that fails on "fail" and a timer; each records every call as a row of the Calls table.</summary>
public sealed class TriggerFunctions
{
    [Function("Work")]
    public static async Task WorkAsync([QueueTrigger("%WorkQueue%")] string message, long dequeueCount, string id)
    {
        await RecordAsync("Work", $"{message}|{dequeueCount}|{id}").ConfigureAwait(false);
        if (message == "fail")
        {
            throw new InvalidOperationException("the message said fail");
        }
    }

    [Function("Tick")]
    public static Task TickAsync([TimerTrigger("%TickSchedule%")] TimerInfo timer) =>
        RecordAsync("Tick", (timer.ScheduleStatus?.LastUpdated ?? DateTime.MinValue).ToString("O", CultureInfo.InvariantCulture));

    private static async Task RecordAsync(string function, string what)
    {
        var table = new TableClient(Environment.GetEnvironmentVariable("AzureWebJobsStorage"), Environment.GetEnvironmentVariable("CallsTable"));
        await table.CreateIfNotExistsAsync().ConfigureAwait(false);
        await table.AddEntityAsync(new TableEntity(function, Guid.NewGuid().ToString("N")) { ["What"] = what, ["Pid"] = Environment.ProcessId }).ConfigureAwait(false);
    }
}
