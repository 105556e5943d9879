namespace Fisikal.Sync.Simulators.Gladstone;

/// <summary>
/// A Plus 2 club's members, subscriptions, subscription types, door accesses, and its member change feed with the
/// documented run-id semantics (Login API: Get/Commit/CleanupUserChanges): a get returns every change not yet
/// committed by that system, under a new run id; committing a run marks what it returned as taken; until a system's
/// first commit, every member counts as changed. Thread-safe.
/// </summary>
public sealed class GladstoneStore
{
    private readonly object _lock = new();
    private readonly Dictionary<string, GladstoneMember> _members = new(StringComparer.Ordinal);
    private readonly List<GladstoneSubscription> _subscriptions = [];
    private readonly List<(string SubTypeId, string Description, string GroupId)> _types = [];
    private readonly List<GladstoneAccessEvent> _accesses = [];
    private readonly Dictionary<string, long> _changedAt = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SystemFeed> _feeds = new(StringComparer.Ordinal);
    private long _sequence;
    private long _nextRef = 70_000;
    private long _nextAccess = 500_000;
    private long _nextRun = 100;

    public int CommittedChangesCleaned { get; private set; }

    public void Seed(int members, int seed, IReadOnlyList<string> sites, DateTimeOffset now)
    {
        var random = new Random(seed);
        AddSubscriptionType("PTPK", "Personal training pack", "FISIK");
        AddSubscriptionType("PTPK02", "Personal training pack, tier 02", "FISIK");
        AddSubscriptionType("SWIM01", "Swim lessons", "FISIK");
        AddSubscriptionType("INITIALPK", "Induction", "FISIK");
        AddSubscriptionType("GYMACC", "Gym access", "ACCSS");
        string[] types = ["PTPK", "PTPK02", "SWIM01", "INITIALPK", "GYMACC"];
        string[] statuses = ["Active", "Active", "Active", "Frozen", "Cancelled"];
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        for (var i = 0; i < members; i++)
        {
            var id = $"GM{1000 + i}";
            var site = sites[random.Next(sites.Count)];
            Upsert(new GladstoneMember
            {
                MemberId = id,
                FirstName = i % 5 == 0 ? "Zoë" : $"Member{i}",
                LastName = "Gladstone",
                EmailAddress = $"gm{i}@example.test",
                DateOfBirth = new DateOnly(1970 + random.Next(35), 1 + random.Next(12), 1 + random.Next(28)),
                SiteId = site,
                StatusId = statuses[random.Next(statuses.Length)],
                Password = $"pw-{id}",
                Pin = (1000 + i).ToString(System.Globalization.CultureInfo.InvariantCulture),
            });
            var start = today.AddDays(-random.Next(10, 300));
            AddSubscription(id, types[random.Next(types.Length)], start, random.NextDouble() < 0.2 ? today.AddDays(-1) : start.AddDays(400), site);
        }
    }

    public void AddSubscriptionType(string subTypeId, string description, string groupId)
    {
        lock (_lock)
        {
            _types.Add((subTypeId, description, groupId));
        }
    }

    /// <summary>Adds or changes a member; either way the member is a change for every system's feed.</summary>
    public GladstoneMember Upsert(GladstoneMember member)
    {
        ArgumentNullException.ThrowIfNull(member);
        lock (_lock)
        {
            _members[member.MemberId] = member;
            _changedAt[member.MemberId] = ++_sequence;
            return member;
        }
    }

    public GladstoneMember? Update(string memberId, Func<GladstoneMember, GladstoneMember> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        lock (_lock)
        {
            return _members.TryGetValue(memberId, out var member) ? Upsert(change(member)) : null;
        }
    }

    public GladstoneMember? Find(string memberId)
    {
        lock (_lock)
        {
            return _members.GetValueOrDefault(memberId);
        }
    }

    public IReadOnlyList<GladstoneMember> Members()
    {
        lock (_lock)
        {
            return [.. _members.Values.OrderBy(m => m.MemberId, StringComparer.Ordinal)];
        }
    }

    public GladstoneSubscription AddSubscription(string memberId, string subTypeId, DateOnly startDate, DateOnly? endDate, string? siteId)
    {
        lock (_lock)
        {
            var subscription = new GladstoneSubscription(++_nextRef, memberId, subTypeId, startDate, endDate, siteId);
            _subscriptions.Add(subscription);
            _changedAt[memberId] = ++_sequence;
            return subscription;
        }
    }

    public IReadOnlyList<GladstoneSubscription> Subscriptions(string memberId)
    {
        lock (_lock)
        {
            return [.. _subscriptions.Where(s => s.MemberId == memberId)];
        }
    }

    public IReadOnlyList<(string SubTypeId, string Description, string GroupId)> SubscriptionTypes(IReadOnlyCollection<string> groups)
    {
        lock (_lock)
        {
            return [.. _types.Where(t => groups.Count == 0 || groups.Contains(t.GroupId))];
        }
    }

    public GladstoneAccessEvent AddAccess(string memberId, string siteId, DateTimeOffset at)
    {
        lock (_lock)
        {
            var access = new GladstoneAccessEvent(++_nextAccess, memberId, siteId, at);
            _accesses.Add(access);
            return access;
        }
    }

    public IReadOnlyList<GladstoneAccessEvent> AccessesSince(DateTimeOffset from)
    {
        lock (_lock)
        {
            return [.. _accesses.Where(a => a.AccessDateTime >= from).OrderBy(a => a.AccessDateTime).ThenBy(a => a.AccessId)];
        }
    }

    /// <summary>GetMemberChanges: the members changed since this system's last commit (all of them before its first), and a new run id.</summary>
    public (IReadOnlyList<GladstoneMember> Members, long RunId) GetChanges(string system)
    {
        lock (_lock)
        {
            var feed = _feeds.TryGetValue(system, out var f) ? f : _feeds[system] = new SystemFeed();
            var runId = ++_nextRun;
            feed.Runs[runId] = _sequence;
            var changed = _changedAt.Where(c => c.Value > feed.CommittedSequence).Select(c => _members[c.Key]).OrderBy(m => m.MemberId, StringComparer.Ordinal).ToList();
            return (changed, runId);
        }
    }

    /// <summary>CommitMemberChanges: what that run returned is taken; false for a run this system never got.</summary>
    public bool Commit(string system, long runId)
    {
        lock (_lock)
        {
            if (!_feeds.TryGetValue(system, out var feed) || !feed.Runs.TryGetValue(runId, out var sequence))
            {
                return false;
            }

            feed.CommittedSequence = Math.Max(feed.CommittedSequence, sequence);
            feed.Committed = true;
            return true;
        }
    }

    /// <summary>CleanupMemberChanges: drops the change records every system has committed; returns how many.</summary>
    public int Cleanup(string system)
    {
        lock (_lock)
        {
            if (!_feeds.TryGetValue(system, out var feed))
            {
                return 0;
            }

            var runs = feed.Runs.Keys.Where(r => feed.Runs[r] <= feed.CommittedSequence).ToList();
            foreach (var run in runs)
            {
                feed.Runs.Remove(run);
            }

            CommittedChangesCleaned += runs.Count;
            return runs.Count;
        }
    }

    /// <summary>Every system name that has read the member feed.</summary>
    public IReadOnlyList<string> Systems()
    {
        lock (_lock)
        {
            return [.. _feeds.Keys.Order(StringComparer.Ordinal)];
        }
    }

    /// <summary>The change records kept for a system: its runs not yet cleaned up (what grows for a system that never commits).</summary>
    public int RecordsKept(string system)
    {
        lock (_lock)
        {
            return _feeds.TryGetValue(system, out var feed) ? feed.Runs.Count : 0;
        }
    }

    /// <summary>Whether this system has committed a run yet.</summary>
    public bool HasCommitted(string system)
    {
        lock (_lock)
        {
            return _feeds.TryGetValue(system, out var feed) && feed.Committed;
        }
    }

    private sealed class SystemFeed
    {
        public Dictionary<long, long> Runs { get; } = [];

        public long CommittedSequence { get; set; }

        public bool Committed { get; set; }
    }
}
