namespace Fisikal.Sync.Simulators.PerfectGymClassic;

/// <summary>How a simulated PerfectGym classic (PGM) club starts.</summary>
public sealed class PerfectGymClassicSimulatorOptions
{
    /// <summary>The API client's id (PGM Settings > API Clients), sent as X-Client-Id.</summary>
    public string ClientId { get; set; } = "sim-client-" + Guid.NewGuid().ToString("N")[..8];

    /// <summary>The API client's secret, sent as X-Client-Secret.</summary>
    public string ClientSecret { get; set; } = "sim-secret-" + Guid.NewGuid().ToString("N");

    /// <summary>0: a port the OS picks.</summary>
    public int Port { get; set; }

    /// <summary>Members seeded at start (with contracts, member products, club visits and credentials).</summary>
    public int Members { get; set; } = 100;

    public int Seed { get; set; } = 42;

    /// <summary>Rows per OData page when the request has no smaller $top (PGM answers 500 and an @odata.nextLink).</summary>
    public int PageSize { get; set; } = 500;

    /// <summary>
    /// Page the way ASP.NET OData does by default: the nextLink carries <c>$skip</c> (rows to pass over), not a
    /// <c>$skiptoken</c> after the last key, so a row that changes while a client pages can make another row shift
    /// out of the next page. A client must not rely on the server's paging being keyset.
    /// </summary>
    public bool SkipNextLinks { get; set; }

    public IReadOnlyList<long> ClubIds { get; set; } = [1, 2, 3];

    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
