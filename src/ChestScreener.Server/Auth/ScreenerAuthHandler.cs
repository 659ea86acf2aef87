using System.Text.Encodings.Web;
using ChestScreener.Server.Api;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace ChestScreener.Server.Auth;

/// <summary>
/// One scheme for both kinds of caller: an API key (X-Api-Key or Authorization: Bearer) for machines, else the viewer's session
/// cookie. Keys, sessions and users are looked up on every request, so a revoked key or disabled user stops at once.
/// Challenges answer 401 problem+json (never a redirect); forbidden answers 403.
/// </summary>
public sealed class ScreenerAuthHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions, ILoggerFactory logger, UrlEncoder encoder,
    IAuthStore store, IOptions<AuthOptions> auth, TimeProvider clock)
    : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, logger, encoder)
{
    public const string SchemeName = "screener";
    public const string KeyHeader = "X-Api-Key";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync() => Task.FromResult(Authenticate());

    private AuthenticateResult Authenticate()
    {
        var o = auth.Value;
        if (!o.Enabled)
            return Success(Caller.Principal(SchemeName, "local", "local", Roles.Admin, null, Caller.ByNone));

        var key = PresentedKey(Request);
        if (key is not null)
        {
            // One message for every bad key, so a caller learns nothing about which ids exist.
            if (!Tokens.TryParseKey(key, out var id, out var secret)) return AuthenticateResult.Fail("the API key is not valid");
            var record = store.FindKey(id);
            if (record is null || record.RevokedUtc is not null || !Tokens.Matches(secret, record.SecretHash))
                return AuthenticateResult.Fail("the API key is not valid");
            return Success(Caller.Principal(SchemeName, record.Name, $"key:{record.Id}", record.Role, record.Site, Caller.ByKey));
        }

        var token = Request.Cookies[o.CookieName];
        if (string.IsNullOrEmpty(token)) return AuthenticateResult.NoResult();
        var session = token.Length <= 64 ? store.FindSession(Tokens.Hash(token)) : null;
        if (session is null || session.ExpiresUtc <= clock.GetUtcNow()) return AuthenticateResult.Fail("the login has expired");
        var user = store.FindUser(session.UserName);
        if (user is null || user.Disabled) return AuthenticateResult.Fail("the login has expired");
        return Success(Caller.Principal(SchemeName, user.Name, $"user:{user.Name}", user.Role, user.Site, Caller.BySession));
    }

    private AuthenticateResult Success(System.Security.Claims.ClaimsPrincipal principal) =>
        AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));

    /// <summary>The key from X-Api-Key, or from "Authorization: Bearer KEY"; null when neither is there.</summary>
    public static string? PresentedKey(HttpRequest request)
    {
        if (request.Headers.TryGetValue(KeyHeader, out var values) && values.Count > 0 && !string.IsNullOrWhiteSpace(values[0]))
            return values[0]!.Trim();
        var authorization = request.Headers[HeaderNames.Authorization].ToString();
        return authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization[7..].Trim() : null;
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers[HeaderNames.WWWAuthenticate] = "Bearer realm=\"screener\"";
        await Problems.Make(StatusCodes.Status401Unauthorized, Problems.Unauthorized, "Not signed in",
            "send an API key (X-Api-Key or Authorization: Bearer) or log in at POST /api/v1/auth/login").ExecuteAsync(Context);
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        await Problems.Make(StatusCodes.Status403Forbidden, Problems.Forbidden, "Not allowed",
            "your role does not allow this").ExecuteAsync(Context);
}
