using System.Numerics;
using System.Security.Cryptography;
using System.Text;

namespace ChestScreener.Evaluation.DicomOut;

/// <summary>
/// DICOM UIDs under the 2.25 root (ISO/IEC 9834-8: a decimal 128-bit number), taken from a SHA-256 of a name, so the
/// same seed and study name always give the same Study/Series/SOP UIDs and different names never collide in practice.
/// </summary>
public static class DeterministicUid
{
    public static string From(string name)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(name), hash);
        // 2.25.<unsigned 128-bit integer>; at most 2 + 1 + 2 + 39 = 44 characters, well under the 64 allowed.
        var value = new BigInteger(hash[..16], isUnsigned: true, isBigEndian: true);
        return "2.25." + value.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
