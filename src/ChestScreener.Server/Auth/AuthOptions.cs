using System.ComponentModel.DataAnnotations;

namespace ChestScreener.Server.Auth;

/// <summary>Authentication settings (configuration section "Screener:Auth"); on unless `screener serve --no-auth` on loopback.</summary>
public sealed class AuthOptions
{
    public const string Section = "Screener:Auth";

    /// <summary>False only on loopback (`--no-auth`): every request then acts as a local admin; <see cref="OpenAccessGuard"/> stops a server that binds anything else.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How long a viewer login lasts (a working shift), whatever the activity.</summary>
    [Range(0.05, 24 * 30)]
    public double SessionHours { get; set; } = 8;

    /// <summary>Failed logins in a row after which a name is locked for <see cref="LockoutMinutes"/>.</summary>
    [Range(1, 1000)]
    public int MaxFailedLogins { get; set; } = 5;

    /// <summary>Failed logins from one client address (any names) within <see cref="AddressWindowMinutes"/> after which the address is locked: stops name spraying.</summary>
    [Range(1, 100_000)]
    public int MaxFailedLoginsPerAddress { get; set; } = 20;

    /// <summary>An address's failure count starts afresh when its last failure is older than this.</summary>
    [Range(0.1, 24 * 60)]
    public double AddressWindowMinutes { get; set; } = 15;

    /// <summary>Lock after too many failures; doubles with every further lock of the same name or address, up to a day.</summary>
    [Range(0.01, 24 * 60)]
    public double LockoutMinutes { get; set; } = 5;

    /// <summary>PBKDF2-HMAC-SHA512 iterations of new password hashes (OWASP 2023: at least 210 000); stored with each hash.</summary>
    [Range(1000, 10_000_000)]
    public int PasswordIterations { get; set; } = 210_000;

    [Range(8, 256)]
    public int MinPasswordLength { get; set; } = 12;

    /// <summary>Refused logins written one by one per minute; the rest of that minute's refusals become one summary row (bounds the append-only log under attack).</summary>
    [Range(1, 100_000)]
    public int AuditRefusalsPerMinute { get; set; } = 30;

    /// <summary>Reverse proxies (IP addresses or CIDR ranges) whose X-Forwarded-For / X-Forwarded-Proto are believed; loopback is always trusted.</summary>
    public List<string> TrustedProxies { get; set; } = [];

    /// <summary>When the session cookie is marked Secure: auto (when the request, or a trusted proxy, says HTTPS), always, never.</summary>
    public SecureCookieMode SecureCookies { get; set; } = SecureCookieMode.Auto;

    /// <summary>Name of the login cookie (HttpOnly, SameSite=Strict, Secure per <see cref="SecureCookies"/>).</summary>
    [Required]
    public string CookieName { get; set; } = "screener_session";

    /// <summary>Repeated views/downloads of one study by one caller within this many seconds make one audit row (the viewer polls).</summary>
    [Range(0, 86400)]
    public double AuditRepeatSeconds { get; set; } = 60;
}
