using System.Globalization;

namespace Fisikal.Sync.Simulators.PerfectGymNext;

/// <summary>The simulated club's data, safe to change from the admin API while slices are read.</summary>
public sealed class PerfectGymNextStore
{
    private static readonly string[] FirstNames =
        ["Anna", "José", "Zoë", "Łukasz", "Søren", "Chloé", "Müge", "Ana María", "Jürgen", "Siobhán", "Noël", "Björk", "Dmitri", "Priya", "Ngozi", "Tomás", "Élodie", "Kenji", "María José", "Oğuz"];

    private static readonly string[] LastNames =
        ["Smith", "García", "Müller", "Kowalski", "Ó Briain", "Nguyễn", "Okafor", "Dubois", "Øster", "Fernández", "Łaska", "Yılmaz", "Schröder", "Silva", "Brontë", "Núñez", "Petrović", "D'Arcy", "van der Berg", "Jäger"];

    private readonly object _gate = new();
    private readonly SortedDictionary<long, SimulatedCustomer> _customers = new();
    private readonly HashSet<long> _malformed = [];
    private long _nextId = 1_210_206_000;

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
    public void Seed(int count, int seed, IReadOnlyList<long> studioIds)
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
            Add(new SimulatedCustomer
            {
                FirstName = first,
                LastName = last,
                Email = $"member{i}@example.test",
                DateOfBirth = birth.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                Gender = random.Next(2) == 0 ? "FEMALE" : "MALE",
                City = "Berlin",
                Status = status,
                StudioId = studioIds[random.Next(studioIds.Count)],
                CreatedDateTime = created.AddMinutes(i * 7).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
            });
        }
    }

    /// <summary>Adds a customer; an <see cref="SimulatedCustomer.Id"/> of 0 gets the next id.</summary>
    public SimulatedCustomer Add(SimulatedCustomer customer)
    {
        lock (_gate)
        {
            var id = customer.Id == 0 ? ++_nextId : customer.Id;
            _nextId = Math.Max(_nextId, id);
            var stored = customer with { Id = id, CustomerNumber = customer.CustomerNumber ?? $"1-{id % 100000:D5}" };
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
            return updated;
        }
    }

    public bool Delete(long id)
    {
        lock (_gate)
        {
            return _customers.Remove(id);
        }
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
