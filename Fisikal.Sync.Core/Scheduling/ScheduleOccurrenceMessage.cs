namespace Fisikal.Sync.Core.Scheduling;

/// <summary>A claimed occurrence of one integration's schedule, queued to run on its own (<c>sync-schedule-occurrences</c>).</summary>
public sealed record ScheduleOccurrenceMessage(string Integration, string Function, DateTimeOffset DueAt);
