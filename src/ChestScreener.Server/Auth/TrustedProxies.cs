using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace ChestScreener.Server.Auth;

/// <summary>
/// Forwarded headers from the reverse proxies of <see cref="AuthOptions.TrustedProxies"/> (plus loopback, ASP.NET's default):
/// behind a TLS-terminating proxy the request counts as HTTPS (Secure cookies) and the client address is the real one
/// (audit rows, login throttling). From any other address the headers are ignored, so a client cannot claim either.
/// </summary>
public static class TrustedProxies
{
    public static void Apply(ForwardedHeadersOptions forwarded, IEnumerable<string> proxies)
    {
        forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
        foreach (var entry in proxies)
        {
            if (IPAddress.TryParse(entry, out var address)) forwarded.KnownProxies.Add(address);
            else if (System.Net.IPNetwork.TryParse(entry, out var network)) forwarded.KnownIPNetworks.Add(network);
        }
    }

    /// <summary>The first entry that is neither an IP address nor a CIDR range; null when all are fine.</summary>
    public static string? FirstInvalid(IEnumerable<string> proxies) =>
        proxies.FirstOrDefault(p => !IPAddress.TryParse(p, out _) && !System.Net.IPNetwork.TryParse(p, out _));
}
