using System.Globalization;

namespace Fisikal.Sync.Simulators.PerfectGymNext;

/// <summary>The simulated club's data, safe to change from the admin API while slices are read.</summary>
public sealed class PerfectGymNextStore(TimeProvider time)
{
    private static readonly string[] FirstNames =
        ["Anna", "José", "Zoë", "Łukasz", "Søren", "Chloé", "Müge", "Ana María", "Jürgen", "Siobhán", "Noël", "Björk", "Dmitri", "Priya", "Ngozi", "Tomás", "Élodie", "Kenji", "María José", "Oğuz"];

    private static readonly string[] LastNames =
        ["Smith", "García", "Müller", "Kowalski", "Ó Briain", "Nguyễn", "Okafor", "Dubois", "Øster", "Fernández", "Łaska", "Yılmaz", "Schröder", "Silva", "Brontë", "Núñez", "Petrović", "D'Arcy", "van der Berg", "Jäger"];

    /// <summary>The rates a club sells: (rate name, rate code identifier). Seeded contracts use these.</summary>
    public static readonly IReadOnlyList<SimulatedRateCode> Rates =
        [new("Gold Flex", "GOLD"), new("Silver 12 Months", "SILVER12"), new("Student Offpeak", "STUDENT"), new("Corporate", "CORP")];

    /// <summary>Add-ons: modules, then flat fees.</summary>
    public static readonly IReadOnlyList<string> Modules = ["Sauna & Spa", "Personal Training 4x"];

    public static readonly IReadOnlyList<string> FlatFees = ["Towel Service", "Locker"];

    /// <summary>The package Alt IDs (DESIGN.md's rules) of everything this club sells: what a platform with every package configured holds.</summary>
    public static IEnumerable<string> PackageAltIds =>
        Rates.Select(r => "rate_" + r.Identifier).Concat(Modules.Select(m => "module_" + m)).Concat(FlatFees.Select(f => "flatfee_" + f));

    private readonly object _gate = new();
    private readonly SortedDictionary<long, SimulatedCustomer> _customers = new();
    private readonly Dictionary<long, List<SimulatedContract>> _contracts = [];
    private readonly Dictionary<long, List<SimulatedCheckin>> _checkins = [];
    private readonly HashSet<long> _malformed = [];
    private long _nextId = 1_210_206_000;
    private long _nextContractId = 3_000_000;
    private long _nextCheckinId = 9_000_000;

    /// <summary>Raised after every change: (event type, entity id, content), as PerfectGym's webhooks name them.</summary>
    public event Action<string, long, IReadOnlyDictionary<string, object>?>? Changed;

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _customers.Count;
            }
        }
    }

    /// <summary>Fills the club with <paramref name="count"/> customers generated from <paramref name="seed"/>.</summary>
    public void Seed(int count, int seed, IReadOnlyList<long> studioIds, DateTimeOffset now)
    {
        var random = new Random(seed);
        var created = new DateTimeOffset(2020, 1, 1, 8, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < count; i++)
        {
            var first = FirstNames[random.Next(FirstNames.Length)];
            var last = LastNames[random.Next(LastNames.Length)];
            var roll = random.Next(100);
            var status = roll < 80 ? "MEMBER" : roll < 90 ? "PROSPECT" : "FORMER_MEMBER";
            var birth = new DateOnly(1950, 1, 1).AddDays(random.Next(365 * 55));
            var customer = AddQuietly(new SimulatedCustomer
            {
                FirstName = first,
                LastName = last,
                Email = $"member{i}@example.test",
                DateOfBirth = birth.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                Gender = random.Next(2) == 0 ? "FEMALE" : "MALE",
                City = "Berlin",
                Status = status,
                StudioId = studioIds[random.Next(studioIds.Count)],
                CreatedDateTime = PublishedDateTimes.Zoned(created.AddMinutes(i * 7)),
            });
            SeedContractsAndVisits(customer, random, studioIds, now);
        }
    }

    private void SeedContractsAndVisits(SimulatedCustomer customer, Random random, IReadOnlyList<long> studioIds, DateTimeOffset now)
    {
        if (customer.Status == "PROSPECT")
        {
            return;
        }

        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var start = today.AddDays(-random.Next(30, 900));
        var rate = Rates[random.Next(Rates.Count)];
        var active = customer.Status == "MEMBER";
        var contract = new SimulatedContract
        {
            RateName = rate.Name,
            RateCodes = [rate],
            CreatedDate = Date(start.AddDays(-3)),
            StartDate = Date(start),
            EndDate = active ? Date(today.AddDays(random.Next(30, 700))) : Date(today.AddDays(-random.Next(1, 200))),
            ContractStatus = active ? "ACTIVE" : "INACTIVE",
            Cancelled = !active,
            ModuleContracts = random.Next(100) < 40
                ? [new SimulatedSubContract { RateName = Modules[random.Next(Modules.Count)], StartDate = Date(start), ContractStatus = active ? "ACTIVE" : "INACTIVE" }]
                : [],
            FlatFeeContracts = random.Next(100) < 20
                ? [new SimulatedSubContract { RateName = FlatFees[random.Next(FlatFees.Count)], StartDate = Date(start), PaymentFrequency = "NON_RECURRING", ContractStatus = active ? "ACTIVE" : "INACTIVE" }]
                : [],
        };
        AddContractQuietly(customer.Id, contract);

        if (active)
        {
            for (var v = random.Next(0, 4); v > 0; v--)
            {
                var at = now.AddDays(-random.Next(0, 28)).AddMinutes(-random.Next(0, 600));
                var studio = studioIds[random.Next(studioIds.Count)];
                AddCheckinQuietly(customer.Id, at, studio);
            }
        }
    }

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Adds a customer; an <see cref="SimulatedCustomer.Id"/> of 0 gets the next id.</summary>
    public SimulatedCustomer Add(SimulatedCustomer customer)
    {
        var added = AddQuietly(customer);
        Changed?.Invoke("CUSTOMER_CREATED", added.Id, null);
        return added;
    }

    private SimulatedCustomer AddQuietly(SimulatedCustomer customer)
    {
        lock (_gate)
        {
            var id = customer.Id == 0 ? ++_nextId : customer.Id;
            _nextId = Math.Max(_nextId, id);
            var stored = customer with
            {
                Id = id,
                CustomerNumber = customer.CustomerNumber ?? $"1-{id % 100000:D5}",
                CreatedDateTime = customer.CreatedDateTime ?? PublishedDateTimes.Zoned(time.GetUtcNow()),
            };
            _customers[id] = stored;
            return stored;
        }
    }

    public SimulatedCustomer? Update(long id, Func<SimulatedCustomer, SimulatedCustomer> change)
    {
        lock (_gate)
        {
            if (!_customers.TryGetValue(id, out var current))
            {
                return null;
            }

            var updated = change(current) with { Id = id };
            _customers[id] = updated;
            Changed?.Invoke("CUSTOMER_UPDATED", id, null);
            return updated;
        }
    }

    public bool Delete(long id)
    {
        bool removed;
        lock (_gate)
        {
            removed = _customers.Remove(id);
            _contracts.Remove(id);
            _checkins.Remove(id);
        }

        if (removed)
        {
            Changed?.Invoke("CUSTOMER_DELETED", id, null);
        }

        return removed;
    }

    public IReadOnlyList<SimulatedContract> Contracts(long customerId)
    {
        lock (_gate)
        {
            return _contracts.TryGetValue(customerId, out var list) ? [.. list] : [];
        }
    }

    /// <summary>Adds a contract (ids of 0, its add-ons' too, get the next ids) and raises CONTRACT_CREATED.</summary>
    public SimulatedContract AddContract(long customerId, SimulatedContract contract)
    {
        var added = AddContractQuietly(customerId, contract);
        Changed?.Invoke("CONTRACT_CREATED", customerId, new Dictionary<string, object> { ["contractId"] = added.Id });
        return added;
    }

    /// <summary>Changes a contract and raises CONTRACT_UPDATED (CONTRACT_CANCELLED when it becomes cancelled).</summary>
    public SimulatedContract? UpdateContract(long contractId, Func<SimulatedContract, SimulatedContract> change)
    {
        long customerId;
        SimulatedContract updated;
        bool cancelled;
        lock (_gate)
        {
            var (owner, index) = FindContract(contractId);
            if (owner is null)
            {
                return null;
            }

            customerId = owner.Value;
            var current = _contracts[customerId][index];
            updated = change(current) with { Id = contractId };
            cancelled = updated.Cancelled && !current.Cancelled;
            _contracts[customerId][index] = updated;
        }

        Changed?.Invoke(cancelled ? "CONTRACT_CANCELLED" : "CONTRACT_UPDATED", customerId, new Dictionary<string, object> { ["contractId"] = contractId });
        return updated;
    }

    public bool DeleteContract(long contractId)
    {
        long customerId;
        lock (_gate)
        {
            var (owner, index) = FindContract(contractId);
            if (owner is null)
            {
                return false;
            }

            customerId = owner.Value;
            _contracts[customerId].RemoveAt(index);
        }

        Changed?.Invoke("CONTRACT_UPDATED", customerId, new Dictionary<string, object> { ["contractId"] = contractId });
        return true;
    }

    public IReadOnlyList<SimulatedCheckin> Checkins(long customerId)
    {
        lock (_gate)
        {
            return _checkins.TryGetValue(customerId, out var list) ? [.. list] : [];
        }
    }

    /// <summary>A swipe at the door: adds a check-in and raises CUSTOMER_CHECKIN.</summary>
    public SimulatedCheckin AddCheckin(long customerId, DateTimeOffset at, long studioId)
    {
        var checkin = AddCheckinQuietly(customerId, at, studioId);
        Changed?.Invoke("CUSTOMER_CHECKIN", customerId, null);
        return checkin;
    }

    private SimulatedContract AddContractQuietly(long customerId, SimulatedContract contract)
    {
        lock (_gate)
        {
            var stored = contract with
            {
                Id = contract.Id == 0 ? ++_nextContractId : contract.Id,
                ModuleContracts = [.. contract.ModuleContracts.Select(m => m with { Id = m.Id == 0 ? ++_nextContractId : m.Id })],
                FlatFeeContracts = [.. contract.FlatFeeContracts.Select(f => f with { Id = f.Id == 0 ? ++_nextContractId : f.Id })],
            };
            if (!_contracts.TryGetValue(customerId, out var list))
            {
                _contracts[customerId] = list = [];
            }

            list.Add(stored);
            return stored;
        }
    }

    private SimulatedCheckin AddCheckinQuietly(long customerId, DateTimeOffset at, long studioId)
    {
        lock (_gate)
        {
            var checkin = new SimulatedCheckin(++_nextCheckinId, customerId, at, at.AddMinutes(75), studioId, $"Studio {studioId % 1000}");
            if (!_checkins.TryGetValue(customerId, out var list))
            {
                _checkins[customerId] = list = [];
            }

            list.Add(checkin);
            return checkin;
        }
    }

    private (long? CustomerId, int Index) FindContract(long contractId)
    {
        foreach (var (customerId, list) in _contracts)
        {
            var index = list.FindIndex(c => c.Id == contractId);
            if (index >= 0)
            {
                return (customerId, index);
            }
        }

        return (null, -1);
    }

    public SimulatedCustomer? Find(long id)
    {
        lock (_gate)
        {
            return _customers.GetValueOrDefault(id);
        }
    }

    public IReadOnlyList<SimulatedCustomer> All()
    {
        lock (_gate)
        {
            return [.. _customers.Values];
        }
    }

    /// <summary>From now on this customer is served with a field of the wrong type (fault injection).</summary>
    public void MarkMalformed(long id)
    {
        lock (_gate)
        {
            _malformed.Add(id);
        }
    }

    public bool IsMalformed(long id)
    {
        lock (_gate)
        {
            return _malformed.Contains(id);
        }
    }

    /// <summary>Customers with an id above <paramref name="afterId"/>, ascending, at most <paramref name="size"/>, and whether more follow.</summary>
    public (IReadOnlyList<SimulatedCustomer> Slice, bool HasNext) Slice(long afterId, int size, string? status)
    {
        lock (_gate)
        {
            var matching = _customers.Values.Where(c => c.Id > afterId && (status is null || c.Status == status));
            var slice = matching.Take(size + 1).ToList();
            var hasNext = slice.Count > size;
            return (hasNext ? slice[..size] : slice, hasNext);
        }
    }
}
