using System.Security.Cryptography;
using System.Text;

namespace Fisikal.Sync.Simulators.Processes;

/// <summary>How the simulated services compare a presented credential with theirs: in constant time, as a real one should.</summary>
public static class Secrets
{
    public static bool Match(string? presented, string expected) =>
        presented is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(expected));
}
