namespace Fisikal.Sync.Core.Rules;

/// <summary>
/// Which source statuses make a client Active (configurable per integration; PerfectGym Next default: MEMBER).
/// A member first seen inactive is not created (seed 001); an existing client becomes Inactive.
/// </summary>
public sealed class MemberStatusRule
{
    private readonly HashSet<string> _active;

    public MemberStatusRule(IEnumerable<string> activeStatuses)
    {
        _active = new HashSet<string>(activeStatuses.Select(s => s.Trim()), StringComparer.OrdinalIgnoreCase);
    }

    public bool IsActive(string sourceStatus) => _active.Contains(sourceStatus);
}
