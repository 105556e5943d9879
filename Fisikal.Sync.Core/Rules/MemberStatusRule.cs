using Fisikal.Sync.Core.Integrations;

namespace Fisikal.Sync.Core.Rules;

/// <summary>
/// Which members become Active clients (seed 001, configurable per integration): the source statuses that count as
/// active (PerfectGym Next default: MEMBER); anything else is Inactive. A member first seen inactive is not created;
/// an existing client becomes Inactive. A member younger than the minimum age is not created either, but a client
/// that exists stays whatever its date of birth later says.
/// </summary>
public sealed class MemberStatusRule
{
    private readonly HashSet<string> _active;
    private readonly int? _minimumAge;

    public MemberStatusRule(IEnumerable<string> activeStatuses, int? minimumAge = null)
    {
        _active = new HashSet<string>(activeStatuses.Select(s => s.Trim()), StringComparer.OrdinalIgnoreCase);
        _minimumAge = minimumAge;
    }

    public static MemberStatusRule For(IntegrationOptions integration)
    {
        ArgumentNullException.ThrowIfNull(integration);
        return new MemberStatusRule(integration.ActiveStatuses, integration.MinimumAge);
    }

    public bool IsActive(string sourceStatus) => _active.Contains(sourceStatus);

    /// <summary>Too young to be created: younger than the minimum age on <paramref name="today"/> (no date of birth: not too young).</summary>
    public bool IsTooYoung(DateOnly? dateOfBirth, DateOnly today) =>
        _minimumAge is { } minimum && dateOfBirth is { } born && born.AddYears(minimum) > today;
}
