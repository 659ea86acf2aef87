namespace ChestScreener.Server.Auth;

/// <summary>When the session cookie gets the Secure flag (setting Screener:Auth:SecureCookies).</summary>
public enum SecureCookieMode
{
    /// <summary>When the request is HTTPS, directly or as told by a trusted proxy's X-Forwarded-Proto.</summary>
    Auto,
    /// <summary>Always (TLS everywhere in front of the server, whatever the proxy says).</summary>
    Always,
    /// <summary>Never (plain-HTTP test setups only).</summary>
    Never,
}
