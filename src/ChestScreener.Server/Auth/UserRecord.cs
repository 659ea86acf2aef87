namespace ChestScreener.Server.Auth;

/// <summary>A person who logs in to the viewer: name, role, site and the password's hash (never the password).</summary>
public sealed record UserRecord
{
    public required string Name { get; init; }
    public required string Role { get; init; }
    /// <summary>The site (hospital, department) whose studies the user sees; null = only the user's own uploads (admins see all).</summary>
    public string? Site { get; init; }
    public required string PasswordHash { get; init; }
    public DateTimeOffset CreatedUtc { get; init; }
    public bool Disabled { get; init; }
}
