using System.Numerics;
using System.Security.Cryptography;
using System.Text;

namespace ChestScreener.Dicom.Output;

/// <summary>
/// SOP classes the program writes, and UIDs in the 2.25.&lt;128-bit number as a decimal integer&gt; form (ISO/IEC 9834-8,
/// DICOM PS3.5 B.2), which needs no registered root: random (<see cref="New"/>) or derived from a name (<see cref="FromName"/>).
/// </summary>
public static class DicomUids
{
    public const string ComprehensiveSr = "1.2.840.10008.5.1.4.1.1.88.33";
    public const string SecondaryCapture = "1.2.840.10008.5.1.4.1.1.7";
    public const string Segmentation = "1.2.840.10008.5.1.4.1.1.66.4";
    public const string CtImage = "1.2.840.10008.5.1.4.1.1.2";
    /// <summary>Implementation Class UID of the writer (file meta), a fixed 2.25 UID.</summary>
    public const string Implementation = "2.25.300151871524108264620425616343093375488";
    public const string ImplementationVersion = "CHESTSCREENER1";

    /// <summary>A fresh UID from a random UUID: 2.25 followed by the UUID's 128 bits as an unsigned decimal (at most 44 characters).</summary>
    public static string New()
    {
        Span<byte> bytes = stackalloc byte[16];
        Guid.NewGuid().TryWriteBytes(bytes, bigEndian: true, out _);
        return "2.25." + new BigInteger(bytes, isUnsigned: true, isBigEndian: true).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The UID of a name: the first 128 bits of its SHA-256 under 2.25, so the same name (a synthetic set's seed and study)
    /// always gives the same Study/Series/SOP UIDs, and different names never collide in practice.
    /// </summary>
    public static string FromName(string name)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(name), hash);
        // At most 2 + 1 + 2 + 39 = 44 characters, well under the 64 allowed.
        return "2.25." + new BigInteger(hash[..16], isUnsigned: true, isBigEndian: true).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Whether a text is a syntactically valid UID (digits and dots, no leading zeros in a component, at most 64 characters).</summary>
    public static bool IsValid(string uid)
    {
        if (uid.Length is 0 or > 64) return false;
        foreach (var part in uid.Split('.'))
        {
            if (part.Length == 0 || (part.Length > 1 && part[0] == '0')) return false;
            foreach (var c in part) if (c is < '0' or > '9') return false;
        }
        return true;
    }
}
