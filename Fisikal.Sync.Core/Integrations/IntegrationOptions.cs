using Fisikal.Sync.Core.Budgets;
using Fisikal.Sync.Core.Sources.Resilience;

namespace Fisikal.Sync.Core.Integrations;

/// <summary>
/// One integration, bound from <c>Integrations__{name}__*</c>. Secrets are held here and never
/// logged: <see cref="ToString"/> names the integration only.
/// </summary>
public sealed class IntegrationOptions
{
    public string Name { get; set; } = string.Empty;

    public IntegrationKind? Kind { get; set; }

    /// <summary>PerfectGym Next: the activation e-mail's URL ending in /v1.</summary>
    public Uri? BaseUrl { get; set; }

    public string? ApiKey { get; set; }

    public string? WebhookApiKey { get; set; }

    public string? ClientId { get; set; }

    public string? ClientSecret { get; set; }

    public string? Username { get; set; }

    public string? Password { get; set; }

    public string? AppName { get; set; }

    /// <summary>Six-field NCrontab, as in Functions. Every 10 minutes by default (seed 000's recommendation).</summary>
    public string ClientSyncSchedule { get; set; } = "0 */10 * * * *";

    public string AccessSyncSchedule { get; set; } = "0 */2 * * * *";

    /// <summary>Source statuses that make a client Active; any other makes it Inactive.</summary>
    public IList<string> ActiveStatuses { get; set; } = ["MEMBER"];

    /// <summary>Customers per slice (PerfectGym Next allows 50 to 500).</summary>
    public int SliceSize { get; set; } = 500;

    /// <summary>Members per package-refresh message: each is one contracts request, so a chunk is small work.</summary>
    public int PackageChunkSize { get; set; } = 25;

    /// <summary>The rotating sweep that re-checks every client's packages: how often it runs (NCrontab).</summary>
    public string PackageSweepSchedule { get; set; } = "0 * * * * *";

    /// <summary>Clients the sweep re-checks per run; 0 takes half of the contracts endpoint's per-minute limit, leaving the rest for changes.</summary>
    public int PackageSweepBatch { get; set; }

    /// <summary>A swipe marks a booking attended when it is at most this long before the class starts...</summary>
    public TimeSpan AttendanceBefore { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>...or at most this long after.</summary>
    public TimeSpan AttendanceAfter { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Clients whose check-ins the access sync's sweep reads per run; 0 takes half the check-in endpoint's per-minute limit.</summary>
    public int CheckinSweepBatch { get; set; }

    /// <summary>Gladstone: the system name its member change feed knows this caller by (Get/Commit/CleanupMemberChanges).</summary>
    public string SystemName { get; set; } = "Fisikal";

    /// <summary>Gladstone: how members log in, <c>PIN</c>, <c>Password</c> or <c>SecurePassword</c> (Gladstone's UseStrongPassword).</summary>
    public string ValidationType { get; set; } = "Password";

    /// <summary>Gladstone: what a login's user name is, for LoginMember (<c>HomeEmailAddress</c>, <c>LoginID</c>, <c>MemberID</c>, <c>CardID</c>).</summary>
    public string LoginIdentificationType { get; set; } = "HomeEmailAddress";

    /// <summary>Seed 001: members younger than this are not created (an existing client stays whatever its date of birth becomes). Empty: no limit.</summary>
    public int? MinimumAge { get; set; }

    /// <summary>Gladstone: a member deleted there (IsDeleted) becomes a Deleted client; otherwise only Inactive.</summary>
    public bool DeleteOnIsDeleted { get; set; }

    /// <summary>Whether a member deleted at the source makes a Deleted client: always, but for Gladstone without <see cref="DeleteOnIsDeleted"/> (seed 001).</summary>
    public bool DeletesGoneClients => Kind != IntegrationKind.Gladstone || DeleteOnIsDeleted;

    /// <summary>Gladstone: SubscriptionTypeGroupIDs whose SubTypeIDs should all have a platform package (checked daily).</summary>
    public IList<string> SubscriptionTypeGroupIds { get; set; } = [];

    /// <summary>Who is e-mailed the daily digest of configuration mismatches.</summary>
    public IList<string> NotificationEmails { get; set; } = [];

    /// <summary>Gladstone: when committed change records are cleaned up at the source (a quiet hour; it can block its database).</summary>
    public string ChangeCleanupSchedule { get; set; } = "0 30 3 * * *";

    /// <summary>Gladstone: when the subscription types of <see cref="SubscriptionTypeGroupIds"/> are checked against the packages.</summary>
    public string SubscriptionTypeCheckSchedule { get; set; } = "0 0 6 * * *";

    /// <summary>When what the sync records for itself is pruned (runs, checkpoints, webhook uuids, budgets...): daily at a quiet hour.</summary>
    public string RetentionSchedule { get; set; } = "0 15 4 * * *";

    /// <summary>Requests allowed per endpoint and window, shared by every instance.</summary>
    public RateLimitOptions RateLimit { get; set; } = new();

    public ResilienceOptions Resilience { get; set; } = new();

    /// <summary>
    /// The source's own secrets (the ones its calls carry) whose value is an unresolved Key Vault reference, by setting
    /// name (<c>Integrations__{name}__ApiKey</c>...): while there is one, no call is made to the source.
    /// </summary>
    public IReadOnlyList<string> UnresolvedSourceSecrets => [.. SourceSecrets().Where(s => Configuration.KeyVaultReference.IsUnresolved(s.Value)).Select(s => $"Integrations__{Name}__{s.Setting}")];

    /// <summary>The webhook key, or null when it is not set or an unresolved Key Vault reference (then no webhook is accepted).</summary>
    public string? UsableWebhookApiKey => Configuration.KeyVaultReference.Usable(WebhookApiKey);

    public override string ToString() => $"Integration '{Name}' ({Kind})";

    private IEnumerable<(string Setting, string? Value)> SourceSecrets() => Kind switch
    {
        IntegrationKind.PerfectGymNext => [(nameof(ApiKey), ApiKey)],
        IntegrationKind.PerfectGymClassic => [(nameof(ClientId), ClientId), (nameof(ClientSecret), ClientSecret)],
        IntegrationKind.Gladstone => [(nameof(Username), Username), (nameof(Password), Password), (nameof(AppName), AppName)],
        _ => [],
    };
}
