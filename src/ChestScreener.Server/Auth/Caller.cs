using System.Security.Claims;

namespace ChestScreener.Server.Auth;

/// <summary>Who is calling, read from the authenticated principal: the audit name, role and site.</summary>
public sealed record Caller(string Actor, string Role, string? Site)
{
    public const string SiteClaim = "screener:site";
    public const string ActorClaim = "screener:actor";
    public const string MethodClaim = "screener:method";

    /// <summary>How the caller authenticated: "key", "session" or "none" (--no-auth).</summary>
    public const string ByKey = "key", BySession = "session", ByNone = "none";

    public bool IsAdmin => Role == Roles.Admin;

    public static Caller From(ClaimsPrincipal user) => new(
        user.FindFirstValue(ActorClaim) ?? "anonymous",
        user.FindFirstValue(ClaimTypes.Role) ?? "",
        user.FindFirstValue(SiteClaim));

    public static ClaimsPrincipal Principal(string scheme, string name, string actor, string role, string? site, string method)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.Name, name), new(ActorClaim, actor), new(ClaimTypes.Role, role), new(MethodClaim, method),
        };
        if (site is not null) claims.Add(new Claim(SiteClaim, site));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme));
    }
}
