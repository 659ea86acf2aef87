namespace ChestScreener.Server.Auth;

/// <summary>A machine client's key as stored: its public id, the SHA-256 of its secret part, role, site and whether it was revoked.</summary>
public sealed record ApiKeyRecord
{
    /// <summary>The public part of the key (shown in lists and the audit log; not a secret).</summary>
    public required string Id { get; init; }
    public required string Name { get; init; }
    public required string Role { get; init; }
    public string? Site { get; init; }
    /// <summary>Lowercase hex SHA-256 of the secret part.</summary>
    public required string SecretHash { get; init; }
    public DateTimeOffset CreatedUtc { get; init; }
    public DateTimeOffset? RevokedUtc { get; init; }
}
