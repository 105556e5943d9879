using Azure;
using Fisikal.Sync.Core.Sync.Runs;
using Fisikal.Sync.Tests.Infrastructure;

namespace Fisikal.Sync.Tests.Sync;

/// <summary>A run's status moves one way: Queued → Running → Completed | Failed; a finished run never moves again.</summary>
public sealed class SyncRunTests
{
    [Theory]
    [InlineData(SyncRunStatus.Queued, SyncRunStatus.Running, true)]
    [InlineData(SyncRunStatus.Queued, SyncRunStatus.Completed, true)]
    [InlineData(SyncRunStatus.Queued, SyncRunStatus.Failed, true)]
    [InlineData(SyncRunStatus.Running, SyncRunStatus.Completed, true)]
    [InlineData(SyncRunStatus.Running, SyncRunStatus.Failed, true)]
    [InlineData(SyncRunStatus.Running, SyncRunStatus.Running, false)]
    [InlineData(SyncRunStatus.Running, SyncRunStatus.Queued, false)]
    [InlineData(SyncRunStatus.Completed, SyncRunStatus.Failed, false)]
    [InlineData(SyncRunStatus.Completed, SyncRunStatus.Running, false)]
    [InlineData(SyncRunStatus.Failed, SyncRunStatus.Completed, false)]
    [InlineData(SyncRunStatus.Failed, SyncRunStatus.Running, false)]
    public void The_status_moves_one_way(SyncRunStatus from, SyncRunStatus to, bool allowed) =>
        Assert.Equal(allowed, Run(from).CanMoveTo(to));

    [Fact]
    public void Its_kind_and_scope_decide_its_rules()
    {
        var started = new DateTimeOffset(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);
        var initial = Run(SyncRunStatus.Running) with { StartedAt = started };
        var scan = initial with { Kind = SyncRunKind.ClientSync, LocationId = "loc-1", StartedAt = null, CreatedAt = started.AddMinutes(-1) };

        Assert.True(initial.RefreshesEveryPackage);
        Assert.True(initial.ScansEveryMember);
        Assert.Equal(started, initial.ScanStartedAt(started.AddHours(1)));
        Assert.False(scan.RefreshesEveryPackage);
        Assert.False(scan.ScansEveryMember);
        Assert.Equal(started.AddMinutes(-1), scan.ScanStartedAt(started.AddHours(1)));
    }

    [Fact]
    public async Task In_the_table_a_failed_run_is_never_completed_nor_a_completed_one_failed()
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 12, 7, 9, 0, 0, TimeSpan.Zero));
        var runs = new SyncRunStore(await AzuriteServer.StorageAsync(), clock);
        var integration = AzuriteServer.UniqueName("club");

        var failing = await runs.CreateAsync(integration, SyncRunKind.Initial, null);
        Assert.True(await runs.FailAsync(integration, failing.RunId, "CredentialsRefused"));
        Assert.False(await runs.CompleteAsync(integration, failing.RunId, 3));
        Assert.False(await runs.MarkRunningAsync((await runs.GetRunAsync(integration, failing.RunId))!));
        var failed = (await runs.GetRunAsync(integration, failing.RunId))!;
        Assert.Equal((SyncRunStatus.Failed, "CredentialsRefused", 0), (failed.Status, failed.Error, failed.ClientsMadeInactive));

        var completing = await runs.CreateAsync(integration, SyncRunKind.ClientSync, null);
        Assert.True(await runs.MarkRunningAsync((await runs.GetRunAsync(integration, completing.RunId))!));
        Assert.True(await runs.CompleteAsync(integration, completing.RunId, 2));
        Assert.False(await runs.FailAsync(integration, completing.RunId, "late poison"));
        var completed = (await runs.GetRunAsync(integration, completing.RunId))!;
        Assert.Equal((SyncRunStatus.Completed, null, 2, SyncRunKind.ClientSync), (completed.Status, completed.Error, completed.ClientsMadeInactive, completed.Kind));
        Assert.Equal(clock.GetUtcNow(), completed.StartedAt);
    }

    [Fact]
    public async Task A_run_under_way_holds_back_a_scan_until_it_is_finished_or_stuck()
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 12, 7, 9, 0, 0, TimeSpan.Zero));
        var runs = new SyncRunStore(await AzuriteServer.StorageAsync(), clock);
        var integration = AzuriteServer.UniqueName("club");
        Assert.False(await runs.IsRunUnderWayAsync(integration));

        var run = await runs.CreateAsync(integration, SyncRunKind.ClientSync, null);
        Assert.True(await runs.IsRunUnderWayAsync(integration));

        clock.Set(clock.GetUtcNow() + SyncRun.StuckAfter + TimeSpan.FromSeconds(1));
        Assert.False(await runs.IsRunUnderWayAsync(integration)); // stuck: no longer counts

        var next = await runs.CreateAsync(integration, SyncRunKind.ClientSync, null);
        Assert.True(await runs.IsRunUnderWayAsync(integration));
        await runs.CompleteAsync(integration, next.RunId, 0);
        Assert.False(await runs.IsRunUnderWayAsync(integration));
        Assert.NotEqual(run.RunId, next.RunId);
    }

    private static SyncRun Run(SyncRunStatus status) =>
        new("club", "run-1", SyncRunKind.Initial, status, null, null, null, null, 0, null, ETag.All);
}
