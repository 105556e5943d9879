namespace Fisikal.Sync.Simulators.PerfectGymNext;

/// <summary>How a simulated club starts: its key, its port, and its seeded members.</summary>
public sealed class PerfectGymNextSimulatorOptions
{
    /// <summary>The studio's Open API key (x-api-key).</summary>
    public string ApiKey { get; set; } = "sim-" + Guid.NewGuid().ToString("N");

    /// <summary>0 lets the OS pick a free port on 127.0.0.1.</summary>
    public int Port { get; set; }

    /// <summary>How many customers the seeded club has.</summary>
    public int Customers { get; set; } = 250;

    /// <summary>The seed of the generated data: the same seed gives the same club.</summary>
    public int Seed { get; set; } = 42;

    /// <summary>Requests per window per endpoint before 429s (the Open API's default is 1000 a minute); 0 for none.</summary>
    public int LimitPerWindow { get; set; } = 1000;

    /// <summary>The rate-limit window; a minute, as documented. Tests shorten it.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Where the club's windows start past the UTC-aligned ones: PerfectGym's minute is not ours. 23.4 s by default.</summary>
    public TimeSpan WindowPhase { get; set; } = TimeSpan.FromMilliseconds(23_400);

    /// <summary>How a 429 is answered: as published (no Retry-After, a minute's penalty) by default.</summary>
    public RateLimitStyle RateLimitStyle { get; set; } = RateLimitStyle.Published;

    /// <summary>Where webhooks go once the studio's activation is confirmed (null: nowhere).</summary>
    public Uri? WebhookUrl { get; set; }

    /// <summary>The webhook key sent as x-api-key with every webhook.</summary>
    public string WebhookApiKey { get; set; } = "simhook-" + Guid.NewGuid().ToString("N");

    /// <summary>Whether webhooks are on from the start, as if confirmActivation had been called.</summary>
    public bool Activated { get; set; }

    /// <summary>The simulator's clock: seeded dates are relative to it, and rate windows follow it.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>
    /// Page customers the documented additive way (offset = how many were returned so far) instead of by
    /// last id; both are in the general information's "data chunking".
    /// </summary>
    public bool AdditiveCustomerOffsets { get; set; }

    /// <summary>Studio ids the customers are spread across.</summary>
    public IReadOnlyList<long> StudioIds { get; set; } = [1210000101, 1210000102, 1210000103];
}
