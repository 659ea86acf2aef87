using ChestScreener.Server.Api;
using ChestScreener.Server.Audit;
using ChestScreener.Server.Options;
using ChestScreener.Server.Privacy;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using ChestScreener.Server.Storage.Sqlite;

namespace ChestScreener.Server.Auth;

/// <summary>Registers authentication, the role policies, the user/key store, the audit log; adds the middleware that guards cookie POSTs.</summary>
public static class AuthSetup
{
    /// <summary>Header a cookie-authenticated POST/DELETE must carry (a cross-site form cannot set it; a cross-site fetch needs CORS, which is off).</summary>
    public const string CsrfHeader = "X-Requested-With";

    public static void AddScreenerAuth(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AuthOptions>().Bind(configuration.GetSection(AuthOptions.Section)).ValidateDataAnnotations()
            .Validate(o => TrustedProxies.FirstInvalid(o.TrustedProxies) is null,
                "Screener:Auth:TrustedProxies: every entry must be an IP address (10.0.0.5) or a CIDR range (10.0.0.0/8)")
            .ValidateOnStart();
        services.AddOptions<Microsoft.AspNetCore.Builder.ForwardedHeadersOptions>()
            .Configure<IOptions<AuthOptions>>((forwarded, auth) => TrustedProxies.Apply(forwarded, auth.Value.TrustedProxies));
        services.AddOptions<PrivacyOptions>().Bind(configuration.GetSection(PrivacyOptions.Section));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAuthStoreFactory, SqliteAuthStoreFactory>());
        services.AddSingleton(sp => Factory(sp).CreateAuthStore(ServerOptionsOf(sp)));
        services.AddSingleton(sp => Factory(sp).CreateAuditLog(ServerOptionsOf(sp)));
        services.AddSingleton(sp => Passwords.From(sp.GetRequiredService<IOptions<AuthOptions>>()));
        services.AddSingleton<LoginThrottle>();
        services.AddSingleton<AuditTrail>();
        services.AddHostedService<OpenAccessGuard>();
        services.AddAuthentication(ScreenerAuthHandler.SchemeName)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, ScreenerAuthHandler>(ScreenerAuthHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(Roles.ReadPolicy, p => p.RequireRole(Roles.Viewer, Roles.Uploader, Roles.Admin))
            .AddPolicy(Roles.UploadPolicy, p => p.RequireRole(Roles.Uploader, Roles.Admin))
            .AddPolicy(Roles.AdminPolicy, p => p.RequireRole(Roles.Admin));
    }

    /// <summary>Headers for every answer, the viewer's files included (so this goes before the static files).</summary>
    public static void UseSecurityHeaders(this WebApplication app) =>
        app.Use((http, next) =>
        {
            // No framing (clickjacking), no MIME sniffing, no referrer with study ids in it; API answers are never cached.
            var h = http.Response.Headers;
            h.XFrameOptions = "DENY";
            h.ContentSecurityPolicy = "frame-ancestors 'none'";
            h.XContentTypeOptions = "nosniff";
            h["Referrer-Policy"] = "no-referrer";
            if (http.Request.Path.StartsWithSegments("/api")) h.CacheControl = "no-store";
            return next(http);
        });

    public static void UseScreenerAuth(this WebApplication app)
    {
        // Without authentication, a request that reached a non-loopback address is refused, even in the moment between the
        // server binding its addresses and OpenAccessGuard stopping it. (The in-memory test server has no local address.)
        if (!app.Services.GetRequiredService<IOptions<AuthOptions>>().Value.Enabled)
            app.Use(async (http, next) =>
            {
                if (http.Connection.LocalIpAddress is { } local && !LoopbackAddresses.IsLoopback(local))
                {
                    await Problems.Make(StatusCodes.Status403Forbidden, Problems.Forbidden, "Authentication is off",
                        "this server runs without authentication and answers on loopback addresses only").ExecuteAsync(http);
                    return;
                }
                await next(http);
            });
        app.UseAuthentication();
        app.Use(async (http, next) =>
        {
            if (!HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method) && !HttpMethods.IsOptions(http.Request.Method)
                && http.User.FindFirst(Caller.MethodClaim)?.Value == Caller.BySession
                && string.IsNullOrWhiteSpace(http.Request.Headers[CsrfHeader]))
            {
                await Problems.Make(StatusCodes.Status403Forbidden, Problems.Forbidden, "Missing request header",
                    $"a logged-in browser must send the {CsrfHeader} header with every change (protection against cross-site requests)").ExecuteAsync(http);
                return;
            }
            await next(http);
        });
        app.UseAuthorization();
    }

    /// <summary>True when authentication is on but nobody could pass it (no enabled user, no live key): worth a warning on start.</summary>
    public static bool HasNoCredentials(IServiceProvider services)
    {
        if (!services.GetRequiredService<IOptions<AuthOptions>>().Value.Enabled) return false;
        var store = services.GetRequiredService<IAuthStore>();
        return !store.ListUsers().Any(u => !u.Disabled) && !store.ListKeys().Any(k => k.RevokedUtc is null);
    }

    private static ServerOptions ServerOptionsOf(IServiceProvider sp) => sp.GetRequiredService<IOptions<ServerOptions>>().Value;

    // A store without its own user/key tables (a server database not yet wired here) keeps them in the data folder's SQLite file.
    private static IAuthStoreFactory Factory(IServiceProvider sp)
    {
        var name = ServerOptionsOf(sp).Store;
        var all = sp.GetServices<IAuthStoreFactory>().ToList();
        return all.FirstOrDefault(f => f.Name == name) ?? all.First(f => f.Name == "sqlite");
    }
}
