namespace Fisikal.Sync.Core.Scheduling;

/// <summary>
/// Stands for the schedules of every registered <see cref="IScheduledJob"/> for every integration, so that
/// <see cref="JobSchedulesValidation"/> checks them when the app starts (<c>ValidateOnStart</c>): a schedule that does
/// not parse stops the app there, naming its setting, instead of failing every minute. It has no settings of its own.
/// </summary>
public sealed class JobSchedules;
