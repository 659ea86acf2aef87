using Microsoft.Extensions.Primitives;

namespace ChestScreener.Server.Uploads;

/// <summary>
/// The Idempotency-Key request header of an upload (IETF httpapi draft "The Idempotency-Key HTTP Header Field"): a
/// client that never got the answer to an upload sends it again with the same key and gets the study made the first
/// time, not a second analysis. Keys are the client's: 1-255 visible ASCII characters, unique per caller.
/// </summary>
public static class IdempotencyKey
{
    public const string Header = "Idempotency-Key";
    /// <summary>Set to "true" on an answer that returns the study of an earlier upload with the same key.</summary>
    public const string ReplayedHeader = "Idempotent-Replayed";
    public const int MaxLength = 255;

    /// <returns>False with a reason when the header is there but unusable; true with null when it is absent or empty
    /// (HTTP stacks differ in whether they pass an empty header on at all, so empty means none).</returns>
    public static bool TryRead(StringValues values, out string? key, out string? error)
    {
        key = null;
        error = null;
        if (values.Count == 0) return true;
        if (values.Count > 1) { error = $"send one {Header} header, not {values.Count}"; return false; }
        var v = values[0] ?? "";
        if (v.Length == 0) return true;
        if (v.Length > MaxLength) { error = $"{Header} must be at most {MaxLength} characters long, not {v.Length}"; return false; }
        foreach (char c in v)
        {
            if (c < '!' || c > '~') { error = $"{Header} may hold visible ASCII characters only (no spaces or control characters)"; return false; }
        }
        key = v;
        return true;
    }
}
