using System.Net;

namespace ChestScreener.Server.Auth;

/// <summary>Which listening URLs and connection addresses are loopback: the only places a server without authentication may answer.</summary>
public static class LoopbackAddresses
{
    /// <summary>True for http(s) URLs on 127.0.0.0/8, [::1] or localhost; false for wildcards, other hosts and Unix sockets.</summary>
    public static bool IsLoopback(string url)
    {
        // Kestrel's wildcards (http://*:80, http://+:80) are not valid URIs; they mean every interface.
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")) return false;
        var host = uri.Host.Trim('[', ']');
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase)) return true;
        return IPAddress.TryParse(host, out var ip) && IsLoopback(ip);
    }

    public static bool IsLoopback(IPAddress address) =>
        IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);
}
