using System.Net;
using System.Net.Sockets;

namespace Fisikal.Sync.Simulators.Processes;

/// <summary>Ports on 127.0.0.1 for local runs.</summary>
public static class LoopbackPorts
{
    /// <summary>Whether nothing listens on this loopback port now.</summary>
    public static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary><paramref name="preferred"/> when it is free, else one the OS picks.</summary>
    public static int PreferOrPick(int preferred) => preferred > 0 && IsFree(preferred) ? preferred : Pick();

    /// <summary>A port the OS says is free now (for a child process to bind a moment later).</summary>
    public static int Pick()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
