using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace ChestScreener.Server.Tests.Auth;

/// <summary>
/// The in-memory test server has no client address; this gives its requests one, as Kestrel would, so the audit log's address
/// can be checked: <see cref="Client"/>, or the address in the request header <see cref="Header"/> (a client elsewhere).
/// </summary>
public sealed class AuthTestAddress : IStartupFilter
{
    public static readonly IPAddress Client = IPAddress.Parse("127.0.0.7");
    public const string Header = "X-Test-Client-Address";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((http, nextMiddleware) =>
        {
            http.Connection.RemoteIpAddress ??= IPAddress.TryParse(http.Request.Headers[Header].ToString(), out var given) ? given : Client;
            return nextMiddleware(http);
        });
        next(app);
    };
}
