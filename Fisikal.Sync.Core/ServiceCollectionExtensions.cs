using Fisikal.Sync.Core.Integrations;
using Fisikal.Sync.Core.Scheduling;
using Fisikal.Sync.Core.Sources;
using Fisikal.Sync.Core.Sources.PerfectGymClassic;
using Fisikal.Sync.Core.Sources.PerfectGymNext;
using Fisikal.Sync.Core.Sources.Resilience;
using Fisikal.Sync.Core.Storage;
using Fisikal.Sync.Core.Sync;
using Fisikal.Sync.Core.Sync.Access;
using Fisikal.Sync.Core.Sync.Status;
using Fisikal.Sync.Core.Sync.Webhooks;
using Fisikal.Sync.Core.Sync.Clients;
using Fisikal.Sync.Core.Sync.InitialSync;
using Fisikal.Sync.Core.Sync.Locations;
using Fisikal.Sync.Core.Sync.Notifications;
using Fisikal.Sync.Core.Sync.Packages;
using Fisikal.Sync.Core.Sync.Runs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Fisikal.Sync.Core;

public static class ServiceCollectionExtensions
{
    /// <summary>Everything that is not hosting: storage, integrations, sources and the sync steps. Settings are validated here, at start-up.</summary>
    public static IServiceCollection AddFisikalSyncCore(this IServiceCollection services, IConfiguration configuration)
    {
        var storage = StorageAccount.FromConfiguration(configuration);
        var integrations = IntegrationRegistry.FromConfiguration(configuration);
        var smtp = new Sync.Notifications.SmtpOptions();
        configuration.GetSection("Smtp").Bind(smtp);
        services.AddSingleton(smtp);
        services.AddSingleton<Sync.Notifications.EmailDigest>();
        services.AddSingleton<SubscriptionTypeCheck>();
        var auth = new Auth.AuthOptions();
        configuration.GetSection("Auth").Bind(auth);
        auth.Validate();
        services.TryAddSingleton(TimeProvider.System);
        services.AddStorageAccount(storage);
        services.AddSingleton(integrations);
        services.AddSingleton<SyncStorage>();
        services.AddSourceHttpClients(integrations.All);
        services.AddSingleton<PerfectGymNextClientFactory>();
        services.AddSingleton<PerfectGymClassicClientFactory>();
        services.AddSingleton<Sources.Gladstone.GladstoneClientFactory>();
        services.AddSingleton<SourceFactory>();
        services.AddSingleton<Sync.Changes.ChangeFeedSync>();
        services.AddSingleton<PackageCatalog>();
        services.AddSingleton<UnmatchedPackageLedger>();
        services.AddSingleton<ClientPackageWriter>();
        services.AddSingleton<RunCompletion>();
        services.AddSingleton<MemberPackagesHandler>();
        services.AddSingleton<ClientSweep>();
        services.AddSingleton<PackageSweep>();
        services.AddSingleton<Sync.Retention.RetentionSweep>();
        services.AddSingleton<DoorAccessWriter>();
        services.AddSingleton<AttendanceMarker>();
        services.AddSingleton<MemberVisitsHandler>();
        services.AddSingleton<AccessSync>();
        services.AddSingleton<PerfectGymNextWebhookReceiver>();
        services.AddSingleton<MemberEventBacklog>();
        services.AddSingleton<MemberEventsHandler>();
        services.AddSingleton<MemberResync>();
        services.AddSingleton<SyncStatusReader>();
        services.AddSingleton<StorageHealth>();
        services.AddSingleton<LocationDirectory>();
        services.AddSingleton<NotificationStore>();
        services.AddSingleton<ClientStore>();
        services.AddSingleton<SyncRunStore>();
        services.AddSingleton<InitialSyncService>();
        services.AddSingleton<MemberPageHandler>();
        services.AddSingleton<RosterAcknowledgements>();
        services.AddSingleton(auth);
        services.AddSingleton<Auth.PlatformCredentialStore>();
        services.AddSingleton<Auth.LoginThrottle>();
        services.AddSingleton<Auth.SessionTokens>();
        services.AddSingleton<Auth.MemberTokenReader>();
        services.AddSingleton<Auth.MemberTokenNonceLedger>();
        services.AddSingleton<Auth.ClientAdmission>();
        services.AddSingleton<Auth.LoginService>();

        // The jobs each integration runs on its own schedules, and what fires them (ScheduleDispatcher.Jobs is the one list).
        services.AddSingleton<IScheduledJob, ClientSyncJob>();
        services.AddSingleton<IScheduledJob, PackageSweepJob>();
        services.AddSingleton<IScheduledJob, AccessSyncJob>();
        services.AddSingleton<IScheduledJob, SubscriptionTypeCheckJob>();
        services.AddSingleton<IScheduledJob, ChangeCleanupJob>();
        services.AddSingleton<IScheduledJob, RetentionJob>();
        services.AddSingleton<ScheduleDispatcher>();
        services.AddOptions<JobSchedules>().ValidateOnStart();
        services.AddSingleton<IValidateOptions<JobSchedules>, JobSchedulesValidation>();
        return services;
    }
}
