using System.Security.Cryptography;
using System.Text;

namespace ChestScreener.Server.Auth;

/// <summary>
/// API keys ("csk_" + 12-hex public id + "_" + 256-bit secret, base64url) and session tokens: made from the OS's CSPRNG, stored only as
/// SHA-256 (a 256-bit random secret needs no slow hash), compared in constant time.
/// </summary>
public static class Tokens
{
    public const string KeyPrefix = "csk_";

    /// <summary>A new API key: what to store, and the full key to show once.</summary>
    public static (ApiKeyRecord Record, string Key) NewKey(string name, string role, string? site, DateTimeOffset now)
    {
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        var secret = NewSecret();
        var record = new ApiKeyRecord { Id = id, Name = name, Role = role, Site = site, SecretHash = Hash(secret), CreatedUtc = now };
        return (record, $"{KeyPrefix}{id}_{secret}");
    }

    /// <summary>Splits "csk_ID_SECRET"; false for anything else.</summary>
    public static bool TryParseKey(string key, out string id, out string secret)
    {
        id = secret = "";
        if (!key.StartsWith(KeyPrefix, StringComparison.Ordinal) || key.Length != KeyPrefix.Length + 12 + 1 + 43 || key[KeyPrefix.Length + 12] != '_') return false;
        id = key.Substring(KeyPrefix.Length, 12);
        secret = key[(KeyPrefix.Length + 13)..];
        foreach (var ch in id) if (!char.IsAsciiHexDigitLower(ch)) return false;
        return true;
    }

    /// <summary>32 random bytes, base64url without padding (43 characters).</summary>
    public static string NewSecret() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    /// <summary>Constant-time comparison of a presented secret with a stored hash.</summary>
    public static bool Matches(string secret, string storedHash) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(secret)), Encoding.ASCII.GetBytes(storedHash));
}
