namespace ChestScreener.Server.Api;

/// <summary>GET /health: whether the service answers, and how much work waits.</summary>
public sealed record HealthDto(string Status, int Queued, int Processing, int Workers, string Store, string Processor, bool Viewer);
