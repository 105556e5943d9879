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
    /// <summary>
    /// Everything that is not hosting: storage, integrations, sources, the sync steps, login and the scheduled jobs.
    /// Settings are validated at start-up: integrations and storage as they are read, the rest by <c>ValidateOnStart</c>.
    /// </summary>
    public static IServiceCollection AddFisikalSyncCore(this IServiceCollection services, IConfiguration configuration)
    {
        var integrations = IntegrationRegistry.FromConfiguration(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.AddStorageAccount(StorageAccount.FromConfiguration(configuration));
        services.AddSingleton<SyncStorage>();
        services.AddSingleton<StorageHealth>();
        services.AddSingleton(integrations);
        services.AddSources(integrations);
        services.AddSyncSteps(configuration);
        services.AddLogin(configuration);
        services.AddScheduledJobs();
        return services;
    }

    private static void AddSources(this IServiceCollection services, IntegrationRegistry integrations)
    {
        services.AddSourceHttpClients(integrations.All);
        services.AddSingleton<PerfectGymNextClientFactory>();
        services.AddSingleton<PerfectGymClassicClientFactory>();
        services.AddSingleton<Sources.Gladstone.GladstoneClientFactory>();
        services.AddSingleton<ISourceConnector, PerfectGymNextConnector>();
        services.AddSingleton<ISourceConnector, PerfectGymClassicConnector>();
        services.AddSingleton<ISourceConnector, Sources.Gladstone.GladstoneConnector>();
        services.AddSingleton<SourceFactory>();
    }

    private static void AddSyncSteps(this IServiceCollection services, IConfiguration configuration)
    {
        var smtp = new Sync.Notifications.SmtpOptions();
        configuration.GetSection("Smtp").Bind(smtp);
        services.AddSingleton(smtp);
        services.AddSingleton<Sync.Notifications.EmailDigest>();
        services.AddSingleton<NotificationStore>();
        services.AddSingleton<LocationDirectory>();
        services.AddSingleton<ClientStore>();
        services.AddSingleton<SyncRunStore>();
        services.AddSingleton<RunCompletion>();
        services.AddSingleton<InitialSyncService>();
        services.AddSingleton<MemberPageHandler>();
        services.AddSingleton<RosterAcknowledgements>();
        services.AddSingleton<Sync.Changes.ChangeFeedSync>();
        services.AddSingleton<PackageCatalog>();
        services.AddSingleton<UnmatchedPackageLedger>();
        services.AddSingleton<ClientPackageWriter>();
        services.AddSingleton<MemberPackagesHandler>();
        services.AddSingleton<ClientSweep>();
        services.AddSingleton<PackageSweep>();
        services.AddSingleton<SubscriptionTypeCheck>();
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
    }

    private static void AddLogin(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<Auth.AuthOptions>().Bind(configuration.GetSection("Auth")).ValidateOnStart();
        services.AddSingleton<IValidateOptions<Auth.AuthOptions>, Auth.AuthOptionsValidation>();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<Auth.AuthOptions>>().Value);
        services.AddSingleton<Auth.PlatformCredentialStore>();
        services.AddSingleton<Auth.LoginThrottle>();
        services.AddSingleton<Auth.SessionTokens>();
        services.AddSingleton<Auth.MemberTokenReader>();
        services.AddSingleton<Auth.MemberTokenNonceLedger>();
        services.AddSingleton<Auth.ClientAdmission>();
        services.AddSingleton<Auth.LoginService>();
    }

    /// <summary>The jobs each integration runs on its own schedules, and what fires them (ScheduleDispatcher.Jobs is the one list).</summary>
    private static void AddScheduledJobs(this IServiceCollection services)
    {
        services.AddSingleton<IScheduledJob, ClientSyncJob>();
        services.AddSingleton<IScheduledJob, PackageSweepJob>();
        services.AddSingleton<IScheduledJob, AccessSyncJob>();
        services.AddSingleton<IScheduledJob, SubscriptionTypeCheckJob>();
        services.AddSingleton<IScheduledJob, ChangeCleanupJob>();
        services.AddSingleton<IScheduledJob, RetentionJob>();
        services.AddSingleton<ScheduleDispatcher>();
        services.AddOptions<JobSchedules>().ValidateOnStart();
        services.AddSingleton<IValidateOptions<JobSchedules>, JobSchedulesValidation>();
    }
}
