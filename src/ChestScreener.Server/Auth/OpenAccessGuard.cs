using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace ChestScreener.Server.Auth;

/// <summary>
/// Enforces, in the server itself, that a server without authentication answers on loopback only: after the server has
/// bound its addresses (from --urls, ASPNETCORE_URLS, Kestrel:Endpoints, ASPNETCORE_HTTP_PORTS or anything else), any
/// address that is not loopback stops it with an <see cref="OptionsValidationException"/>. The rule is checked on the bound
/// addresses rather than on the settings because there are too many routes to an address to check them all reliably.
/// </summary>
public sealed class OpenAccessGuard(IServer server, IOptions<AuthOptions> options, ILogger<OpenAccessGuard> log) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.Enabled)
            log.LogWarning("AUTHENTICATION IS OFF (Screener:Auth:Enabled=false): every request acts as an admin; the server answers on loopback addresses only");
        return Task.CompletedTask;
    }

    public async Task StartedAsync(CancellationToken cancellationToken)
    {
        if (options.Value.Enabled) return;
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var open = addresses.Where(a => !LoopbackAddresses.IsLoopback(a)).ToList();
        if (open.Count == 0) return;
        // Close the ports now, not when the host is disposed: nothing may be served from them meanwhile.
        await server.StopAsync(CancellationToken.None);
        var message = $"authentication is off and the server listens on {string.Join(", ", open)}: without authentication it may " +
            "listen only on loopback addresses (127.0.0.1, [::1], localhost); turn authentication on or bind to loopback";
        log.LogCritical("refusing to serve: {Message}", message);
        throw new OptionsValidationException(AuthOptions.Section, typeof(AuthOptions), [message]);
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
