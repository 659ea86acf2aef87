namespace ChestScreener.Server.Storage;

/// <summary>Study ids: 32 lowercase hex digits, random (nothing about the patient).</summary>
public static class StudyIds
{
    public static string New() => Guid.NewGuid().ToString("N");

    public static bool IsValid(string? id)
    {
        if (id is null || id.Length != 32) return false;
        foreach (var ch in id)
        {
            if (!char.IsAsciiHexDigitLower(ch) && !char.IsAsciiDigit(ch)) return false;
        }
        return true;
    }
}
