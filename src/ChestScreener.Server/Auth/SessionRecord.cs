namespace ChestScreener.Server.Auth;

/// <summary>A viewer login: the SHA-256 of the cookie's token (the token itself is never stored), whose it is and until when.</summary>
public sealed record SessionRecord
{
    public required string TokenHash { get; init; }
    public required string UserName { get; init; }
    public DateTimeOffset CreatedUtc { get; init; }
    public DateTimeOffset ExpiresUtc { get; init; }
}
