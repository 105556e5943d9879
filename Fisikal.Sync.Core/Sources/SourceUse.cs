namespace Fisikal.Sync.Core.Sources;

/// <summary>Who waits on a source call: the background sync (retries, waits for the budget) or a person (a login: one short try).</summary>
public enum SourceUse
{
    Background,

    /// <summary>
    /// A person is waiting (a login's credential check and on-the-spot sync): one attempt, a short timeout, and a small
    /// share of the rate budget of its own that it never waits for; when it can't be had the login answers 503.
    /// </summary>
    Interactive,
}
