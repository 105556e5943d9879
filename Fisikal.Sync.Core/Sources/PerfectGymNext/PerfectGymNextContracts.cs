namespace Fisikal.Sync.Core.Sources.PerfectGymNext;

/// <summary>A customer's contracts: those read, and those that could not be (<see cref="Unread"/>).</summary>
public sealed record PerfectGymNextContracts(IReadOnlyList<PerfectGymNextContract> Result, IReadOnlyList<PerfectGymNextUnreadContract> Unread)
{
    public IReadOnlyList<MalformedRecord> Malformed => [.. Unread.Select(u => u.Record)];
}
