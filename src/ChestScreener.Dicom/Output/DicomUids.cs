using System.Numerics;

namespace ChestScreener.Dicom.Output;

/// <summary>SOP classes the results use, and new UIDs in the 2.25.&lt;UUID as a decimal integer&gt; form (ISO/IEC 9834-8, DICOM PS3.5 B.2), which needs no registered root.</summary>
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
