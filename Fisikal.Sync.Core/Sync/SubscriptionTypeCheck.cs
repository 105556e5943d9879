using Fisikal.Sync.Core.Integrations;
using Fisikal.Sync.Core.Sources;
using Fisikal.Sync.Core.Sync.Notifications;
using Fisikal.Sync.Core.Sync.Packages;

namespace Fisikal.Sync.Core.Sync;

/// <summary>
/// Seed 001's daily check: the SubTypeIDs of the configured SubscriptionTypeGroupIDs are what the platform should have
/// packages for; each one without a package raises a <c>MissingPackage</c> notification, and the notification list gets
/// one digest e-mail listing them all, with how many members hold each.
/// </summary>
public sealed class SubscriptionTypeCheck(SourceFactory sources, PackageCatalog packages, NotificationStore notifications, EmailDigest email, UnmatchedPackageLedger unmatched)
{
    public async Task<IReadOnlyList<string>> RunAsync(IntegrationOptions integration, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(integration);
        var expected = await sources.Catalog(integration).ReadCatalogAsync(cancellationToken).ConfigureAwait(false);
        var platform = await packages.LoadAsync(integration.Name, cancellationToken).ConfigureAwait(false);
        var missing = expected.Where(item => !platform.Contains(item.AltId)).ToList();
        var holders = await unmatched.CountsAsync(integration.Name, cancellationToken).ConfigureAwait(false);
        var lines = new List<string>();
        foreach (var item in missing)
        {
            var held = holders.GetValueOrDefault(item.AltId) is > 0 and var members ? $"; {members} members hold it" : string.Empty;
            lines.Add($"{item.AltId} ({item.Name}): no package has this Alt ID{held}");
            await notifications.RaiseAsync(
                integration.Name,
                $"missing-package:{item.AltId}",
                "MissingPackage",
                $"Gladstone sells '{item.AltId}' ({item.Name}) in the configured subscription type groups, but no package has this Alt ID: create one so members who buy it get it.",
                new Dictionary<string, object> { ["AltId"] = item.AltId },
                cancellationToken).ConfigureAwait(false);
        }

        if (lines.Count > 0)
        {
            lines.Insert(0, $"Integration '{integration.Name}': {lines.Count} subscription types have no platform package.");
            await email.SendAsync([.. integration.NotificationEmails], $"Fisikal Sync: {missing.Count} subscription types without a package ({integration.Name})", lines, cancellationToken).ConfigureAwait(false);
        }

        return [.. missing.Select(m => m.AltId)];
    }
}
