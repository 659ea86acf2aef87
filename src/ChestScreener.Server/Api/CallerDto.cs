namespace ChestScreener.Server.Api;

/// <summary>Who the request is authenticated as: display name, role, site and how (key, session, none).</summary>
public sealed record CallerDto(string Name, string Role, string? Site, string Method);
