using System.Globalization;
using System.Text.Json.Nodes;

namespace Fisikal.Sync.Simulators.PerfectGymClassic;

/// <summary>
/// A PGM club's data as OData v2.2 entity sets of JSON rows (camelCase, as the API sends them). Every change
/// to a versioned set gives the row the next value of one club-wide <c>version</c> counter, as PGM's row
/// versions do, so <c>version gt N</c> returns exactly what changed after N. Deletes of members and member
/// products set <c>isDeleted</c> (and a new version) rather than removing the row. Thread-safe.
/// </summary>
public sealed class PerfectGymClassicStore
{
    public const string Members = "Members";
    public const string Contracts = "Contracts";
    public const string MemberProducts = "MemberProducts";
    public const string MemberClubVisits = "MemberClubVisits";
    public const string PaymentPlans = "PaymentPlans";
    public const string Products = "Products";
    public const string Clubs = "Clubs";

    /// <summary>The payment plans and products seeded: their ids make the Alt IDs payment_plan_21... and product_26...</summary>
    public static readonly IReadOnlyList<(long Id, string Name)> SeededPaymentPlans = [(21, "Gold 12 months"), (22, "Silver monthly"), (23, "Off-peak"), (24, "Student")];

    public static readonly IReadOnlyList<(long Id, string Name)> SeededProducts = [(26, "Personal Training x4"), (27, "Sauna"), (28, "Towel service")];

    private readonly object _lock = new();
    private readonly Dictionary<string, SortedDictionary<long, JsonObject>> _sets = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, (string Password, long MemberId)> _credentials = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _versioned = new(StringComparer.OrdinalIgnoreCase) { Members, Contracts, MemberProducts, MemberClubVisits, PaymentPlans, Clubs };
    private long _version;
    private long _nextId = 1000;

    public PerfectGymClassicStore()
    {
        foreach (var set in new[] { Members, Contracts, MemberProducts, MemberClubVisits, PaymentPlans, Products, Clubs })
        {
            _sets[set] = [];
        }
    }

    /// <summary>The entity sets this API serves.</summary>
    public IReadOnlyCollection<string> EntitySets => _sets.Keys;

    public bool IsVersioned(string set) => _versioned.Contains(set);

    public bool Has(string set) => _sets.ContainsKey(set);

    public int Count(string set)
    {
        lock (_lock)
        {
            return _sets[set].Count;
        }
    }

    /// <summary>Clubs, plans, products, then members with a contract each (most running), some products and recent visits.</summary>
    public void Seed(int members, int seed, IReadOnlyList<long> clubIds, DateTimeOffset now)
    {
        var random = new Random(seed);
        foreach (var club in clubIds)
        {
            Add(Clubs, new JsonObject { ["id"] = club, ["name"] = $"Club {club}" });
        }

        foreach (var (id, name) in SeededPaymentPlans)
        {
            Add(PaymentPlans, new JsonObject { ["id"] = id, ["name"] = name, ["isActive"] = true, ["isAdditional"] = false });
        }

        foreach (var (id, name) in SeededProducts)
        {
            Add(Products, new JsonObject { ["id"] = id, ["name"] = name, ["isActive"] = true });
        }

        string[] first = ["Anna", "Björn", "Zoë", "Łukasz", "María", "Olu", "Chen", "Priya"];
        string[] last = ["Kowalski", "Müller", "O'Brien", "García", "Nowak", "Smith", "Østergaard"];
        for (var i = 0; i < members; i++)
        {
            var club = clubIds[random.Next(clubIds.Count)];
            var member = AddMember(first[i % first.Length], last[random.Next(last.Length)], $"member{i}@example.test", new DateOnly(1960 + random.Next(45), 1 + random.Next(12), 1 + random.Next(28)), club);
            var id = member["id"]!.GetValue<long>();
            var start = DateOnly.FromDateTime(now.UtcDateTime).AddDays(-random.Next(30, 700));
            var ended = random.NextDouble() < 0.1;
            AddContract(id, SeededPaymentPlans[random.Next(SeededPaymentPlans.Count)].Id, start, ended ? start.AddDays(365) : null, ended ? "Ended" : "Current", club);
            if (random.NextDouble() < 0.06)
            {
                // A contract entered by mistake and deleted at the desk: still served, with isDeleted.
                var mistake = AddContract(id, SeededPaymentPlans[random.Next(SeededPaymentPlans.Count)].Id, start, null, "Current", club);
                Delete(Contracts, mistake["id"]!.GetValue<long>());
            }
            if (random.NextDouble() < 0.3)
            {
                AddMemberProduct(id, SeededProducts[random.Next(SeededProducts.Count)].Id, start, random.NextDouble() < 0.5 ? start.AddDays(random.Next(30, 900)) : null, club);
            }

            if (random.NextDouble() < 0.2)
            {
                AddVisit(id, club, now.AddHours(-random.Next(1, 30)));
            }

            SetCredentials($"member{i}@example.test", $"pass-{id.ToString(CultureInfo.InvariantCulture)}", id);
        }
    }

    public JsonObject AddMember(string firstName, string lastName, string email, DateOnly? birthdate, long homeClubId, string memberType = "Member") =>
        Add(Members, new JsonObject
        {
            ["number"] = "M" + Interlocked.Read(ref _nextId).ToString(CultureInfo.InvariantCulture),
            ["firstName"] = firstName,
            ["lastName"] = lastName,
            ["email"] = email,
            ["birthdate"] = birthdate is { } b ? Date(b) : null,
            ["memberType"] = memberType,
            ["isActive"] = true,
            ["isDeleted"] = false,
            ["homeClubId"] = homeClubId,
            ["createdDate"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
        });

    public JsonObject AddContract(long memberId, long paymentPlanId, DateOnly startDate, DateOnly? endDate = null, string status = "Current", long? clubId = null) =>
        Add(Contracts, new JsonObject
        {
            ["memberId"] = memberId,
            ["paymentPlanId"] = paymentPlanId,
            ["clubId"] = clubId,
            ["status"] = status,
            ["isActive"] = status is "Current" or "NotStarted" or "Freezed",
            ["isAdditionalContract"] = false,
            ["signUpDate"] = Date(startDate),
            ["startDate"] = Date(startDate),
            ["endDate"] = endDate is { } end ? Date(end) : null,
            ["cancelDate"] = null,
            ["isDeleted"] = false,
        });

    public JsonObject AddMemberProduct(long memberId, long productId, DateOnly purchaseDate, DateOnly? expiryDate = null, long? clubId = null) =>
        Add(MemberProducts, new JsonObject
        {
            ["memberId"] = memberId,
            ["productId"] = productId,
            ["clubId"] = clubId,
            ["purchaseDate"] = Date(purchaseDate),
            ["expiryDate"] = expiryDate is { } expiry ? Date(expiry) : null,
            ["initialQuantity"] = 1,
            ["currentQuantity"] = 1,
            ["isDeleted"] = false,
        });

    public JsonObject AddVisit(long memberId, long clubId, DateTimeOffset enterDate) =>
        Add(MemberClubVisits, new JsonObject
        {
            ["memberId"] = memberId,
            ["clubId"] = clubId,
            ["enterDate"] = enterDate.ToString("O", CultureInfo.InvariantCulture),
            ["leaveDate"] = null,
            ["readerName"] = "Main entrance",
        });

    /// <summary>Adds a row (an id is given when it has none, and a version when the set has them); returns a copy.</summary>
    public JsonObject Add(string set, JsonObject row)
    {
        ArgumentNullException.ThrowIfNull(row);
        lock (_lock)
        {
            var id = row["id"]?.GetValue<long>() ?? ++_nextId;
            row["id"] = id;
            if (_versioned.Contains(set))
            {
                row["version"] = ++_version;
            }

            _sets[set][id] = row;
            return (JsonObject)row.DeepClone();
        }
    }

    /// <summary>Changes a row and gives it a new version; null when there is no such row.</summary>
    public JsonObject? Update(string set, long id, Action<JsonObject> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        lock (_lock)
        {
            if (!_sets[set].TryGetValue(id, out var row))
            {
                return null;
            }

            change(row);
            row["id"] = id;
            if (_versioned.Contains(set))
            {
                row["version"] = ++_version;
            }

            return (JsonObject)row.DeepClone();
        }
    }

    /// <summary>Members and member products are flagged isDeleted (a new version); other rows are removed.</summary>
    public bool Delete(string set, long id)
    {
        lock (_lock)
        {
            if (!_sets[set].TryGetValue(id, out var row))
            {
                return false;
            }

            if (row.ContainsKey("isDeleted"))
            {
                row["isDeleted"] = true;
                row["version"] = ++_version;
            }
            else
            {
                _sets[set].Remove(id);
            }

            return true;
        }
    }

    public JsonObject? Find(string set, long id)
    {
        lock (_lock)
        {
            return _sets[set].TryGetValue(id, out var row) ? (JsonObject)row.DeepClone() : null;
        }
    }

    /// <summary>Copies of the rows that pass <paramref name="where"/>, in <paramref name="orderBy"/> order.</summary>
    public List<JsonObject> Query(string set, Func<JsonObject, bool> where, string orderBy)
    {
        lock (_lock)
        {
            return [.. _sets[set].Values.Where(where).OrderBy(r => r[orderBy]?.GetValue<long>() ?? 0).Select(r => (JsonObject)r.DeepClone())];
        }
    }

    public void SetCredentials(string userName, string password, long memberId)
    {
        lock (_lock)
        {
            _credentials[userName] = (password, memberId);
        }
    }

    /// <summary>The member whose credentials these are, or null.</summary>
    public JsonObject? CheckCredentials(string userName, string password)
    {
        lock (_lock)
        {
            return _credentials.TryGetValue(userName, out var c) && string.Equals(c.Password, password, StringComparison.Ordinal)
                && _sets[Members].TryGetValue(c.MemberId, out var member) && member["isDeleted"]?.GetValue<bool>() != true
                ? (JsonObject)member.DeepClone()
                : null;
        }
    }

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "T00:00:00Z";
}
