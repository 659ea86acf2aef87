using System.Security.Claims;
using ChestScreener.Server.Audit;
using ChestScreener.Server.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace ChestScreener.Server.Api;

/// <summary>/api/v1/auth (login, logout, who am I) for the viewer, and /api/v1/audit for admins.</summary>
public static class AuthEndpoints
{
    public static void MapAuthApi(this IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup("/api/v1/auth").WithTags("auth");
        auth.MapPost("/login", Login).AllowAnonymous().DisableAntiforgery().WithName("Login")
            // No Accepts metadata: it would make routing skip this endpoint for other bodies and fall through to the viewer's
            // 404; LoginForm answers 415 with problem+json instead.
            .WithSummary("Logs a user in: JSON or form {name, password}; sets an HttpOnly SameSite=Strict session cookie. " +
                "Repeated failures lock the name, or the client address, for a while (429).");
        auth.MapPost("/logout", Logout).RequireAuthorization(Roles.ReadPolicy).DisableAntiforgery().WithName("Logout")
            .WithSummary("Ends the session of the cookie (browsers must send X-Requested-With).");
        auth.MapGet("/me", Me).RequireAuthorization(Roles.ReadPolicy).WithName("WhoAmI")
            .WithSummary("Who the request is authenticated as: name, role, site, method.");
        app.MapGet("/api/v1/audit", ReadAudit).RequireAuthorization(Roles.AdminPolicy).WithTags("audit").WithName("ReadAudit")
            .WithSummary("The audit log, oldest first (admins only): ?study=ID or ?target=NAME, ?after=SEQ, ?limit=N (default 1000).");
    }

    private static async Task<Results<Ok<CallerDto>, ProblemHttpResult>> Login(
        HttpContext http, IAuthStore store, Passwords passwords, LoginThrottle throttle, AuditTrail audit,
        IOptions<AuthOptions> options, TimeProvider clock)
    {
        var o = options.Value;
        var address = http.Connection.RemoteIpAddress?.ToString();
        if (!o.Enabled) return Problems.Make(StatusCodes.Status400BadRequest, Problems.Forbidden, "Authentication is off", "this server runs with --no-auth; no login is needed");
        var (body, refused) = await LoginForm.ReadAsync(http);
        if (refused is not null) return refused;
        var name = (body!.Name ?? "").Trim();
        if (name.Length is 0 or > 64 || string.IsNullOrEmpty(body.Password) || body.Password.Length > 1024)
            return Problems.Make(StatusCodes.Status400BadRequest, Problems.Unauthorized, "Name and password needed", "send JSON {\"name\": ..., \"password\": ...} or a form with name and password");
        var locked = throttle.LockedFor(name, address);
        if (locked > TimeSpan.Zero)
        {
            http.Response.Headers.RetryAfter = ((int)Math.Ceiling(locked.TotalSeconds)).ToString();
            audit.Record($"user:{name}", address, AuditActions.LoginFailed, name, "locked");
            return Problems.Make(StatusCodes.Status429TooManyRequests, Problems.LoginLocked, "Too many failed logins",
                $"try again in {Math.Ceiling(locked.TotalMinutes)} minute(s)");
        }
        var user = store.FindUser(name);
        // Always verify (against a dummy hash for an unknown name) so the answer takes as long either way.
        var ok = passwords.Verify(user?.PasswordHash, body.Password) && user is { Disabled: false };
        if (!ok)
        {
            throttle.Failed(name, address);
            audit.Record($"user:{name}", address, AuditActions.LoginFailed, name, "wrong name or password");
            return Problems.Make(StatusCodes.Status401Unauthorized, Problems.Unauthorized, "Login failed", "wrong name or password");
        }
        throttle.Succeeded(name);
        var token = Tokens.NewSecret();
        var now = clock.GetUtcNow();
        var expires = now.AddHours(o.SessionHours);
        store.AddSession(new SessionRecord { TokenHash = Tokens.Hash(token), UserName = user!.Name, CreatedUtc = now, ExpiresUtc = expires });
        http.Response.Cookies.Append(o.CookieName, token, CookieOptions(http, expires));
        audit.Record($"user:{user.Name}", address, AuditActions.Login, user.Name);
        return TypedResults.Ok(new CallerDto(user.Name, user.Role, user.Site, Caller.BySession));
    }

    private static NoContent Logout(HttpContext http, IAuthStore store, AuditTrail audit, IOptions<AuthOptions> options)
    {
        var o = options.Value;
        if (http.Request.Cookies[o.CookieName] is { Length: > 0 and <= 64 } token) store.DeleteSession(Tokens.Hash(token));
        http.Response.Cookies.Delete(o.CookieName, CookieOptions(http, null));
        audit.Record(http, AuditActions.Logout, http.User.FindFirstValue(ClaimTypes.Name));
        return TypedResults.NoContent();
    }

    private static Ok<CallerDto> Me(HttpContext http)
    {
        var caller = Caller.From(http.User);
        return TypedResults.Ok(new CallerDto(http.User.FindFirstValue(ClaimTypes.Name) ?? caller.Actor, caller.Role, caller.Site,
            http.User.FindFirstValue(Caller.MethodClaim) ?? ""));
    }

    private static Ok<AuditEntry[]> ReadAudit(string? study, string? target, long? after, int? limit, IAuditLog log) =>
        TypedResults.Ok(log.Read(study ?? target, after ?? 0, limit ?? 1000).ToArray());

    private static CookieOptions CookieOptions(HttpContext http, DateTimeOffset? expires) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        // IsHttps is the proxy's X-Forwarded-Proto when the proxy is trusted (UseForwardedHeaders runs first).
        Secure = http.RequestServices.GetRequiredService<IOptions<AuthOptions>>().Value.SecureCookies switch
        {
            SecureCookieMode.Always => true,
            SecureCookieMode.Never => false,
            _ => http.Request.IsHttps,
        },
        Path = "/",
        Expires = expires,
        IsEssential = true,
    };
}
