namespace Fisikal.Sync.Core.Scheduling;

/// <summary>What became of a request to run a scheduled job now.</summary>
public enum RunNowOutcome
{
    Ran,
    NoSuchJob,
    NoSuchIntegration,
    DoesNotApply,
}
