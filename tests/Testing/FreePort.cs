using System.Net;
using System.Net.Sockets;

namespace Elsa.Kundportal.Testing;

/// <summary>Loopback ports for servers a test starts (PostgreSQL, SMTP, the host).</summary>
public static class FreePort
{
    /// <summary>A port nothing listens on at the moment of asking.</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
