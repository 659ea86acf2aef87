namespace ChestScreener.Server.Api;

/// <summary>The body of POST /api/v1/auth/login.</summary>
public sealed record LoginRequest(string? Name, string? Password);
