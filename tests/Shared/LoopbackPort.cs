using System.Net;
using System.Net.Sockets;

namespace ChestScreener.Tests;

/// <summary>A TCP port on 127.0.0.1 that was free a moment ago, for services a test starts (server, Orthanc, workers).</summary>
public static class LoopbackPort
{
    public static int Free()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        int port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }
}
