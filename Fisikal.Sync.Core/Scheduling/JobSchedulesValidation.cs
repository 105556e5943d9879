using Fisikal.Sync.Core.Integrations;
using Microsoft.Extensions.Options;
using NCrontab;

namespace Fisikal.Sync.Core.Scheduling;

/// <summary>
/// Every registered job's schedule for every integration it applies to must be a six-field NCrontab expression. The list
/// comes from the registered jobs, so a new job's schedule can't be left out; the message names the setting
/// (<c>Integrations__{name}__{Job}Schedule</c>), never its value.
/// </summary>
public sealed class JobSchedulesValidation(IEnumerable<IScheduledJob> jobs, IntegrationRegistry integrations) : IValidateOptions<JobSchedules>
{
    private static readonly CrontabSchedule.ParseOptions SixFields = new() { IncludingSeconds = true };

    public ValidateOptionsResult Validate(string? name, JobSchedules options)
    {
        var failures = (
            from integration in integrations.All
            from job in jobs
            let expression = job.ScheduleFor(integration)
            where expression is not null && CrontabSchedule.TryParse(expression, SixFields) is null
            select $"Integrations__{integration.Name}__{job.Name}Schedule is not a six-field NCrontab expression (e.g. '0 */10 * * * *').").ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
