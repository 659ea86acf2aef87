namespace ChestScreener.Dicom.Gdcm;

/// <summary>Names of transfer syntaxes, and which of them the GDCM build can decode.</summary>
internal static class TransferSyntaxes
{
    private static readonly Dictionary<string, (string Name, bool Decodable)> Known = new(StringComparer.Ordinal)
    {
        ["1.2.840.10008.1.2"] = ("Implicit VR Little Endian", true),
        ["1.2.840.10008.1.2.1"] = ("Explicit VR Little Endian", true),
        ["1.2.840.10008.1.2.1.99"] = ("Deflated Explicit VR Little Endian", true),
        ["1.2.840.10008.1.2.2"] = ("Explicit VR Big Endian", true),
        ["1.2.840.10008.1.2.4.50"] = ("JPEG Baseline (Process 1)", true),
        ["1.2.840.10008.1.2.4.51"] = ("JPEG Extended (Process 2 & 4)", true),
        ["1.2.840.10008.1.2.4.57"] = ("JPEG Lossless (Process 14)", true),
        ["1.2.840.10008.1.2.4.70"] = ("JPEG Lossless SV1 (Process 14, Selection Value 1)", true),
        ["1.2.840.10008.1.2.4.80"] = ("JPEG-LS Lossless", true),
        ["1.2.840.10008.1.2.4.81"] = ("JPEG-LS Near-Lossless", true),
        ["1.2.840.10008.1.2.4.90"] = ("JPEG 2000 Lossless", true),
        ["1.2.840.10008.1.2.4.91"] = ("JPEG 2000", true),
        ["1.2.840.10008.1.2.4.92"] = ("JPEG 2000 Part 2 Multi-component Lossless", true),
        ["1.2.840.10008.1.2.4.93"] = ("JPEG 2000 Part 2 Multi-component", true),
        ["1.2.840.10008.1.2.5"] = ("RLE Lossless", true),
        ["1.2.840.10008.1.2.4.94"] = ("JPIP Referenced", false),
        ["1.2.840.10008.1.2.4.95"] = ("JPIP Referenced Deflate", false),
        ["1.2.840.10008.1.2.4.100"] = ("MPEG2 Main Profile", false),
        ["1.2.840.10008.1.2.4.101"] = ("MPEG2 High Profile", false),
        ["1.2.840.10008.1.2.4.102"] = ("MPEG-4 AVC/H.264", false),
        ["1.2.840.10008.1.2.4.103"] = ("MPEG-4 AVC/H.264 BD-compatible", false),
        ["1.2.840.10008.1.2.4.104"] = ("MPEG-4 AVC/H.264 for 2D Video", false),
        ["1.2.840.10008.1.2.4.105"] = ("MPEG-4 AVC/H.264 for 3D Video", false),
        ["1.2.840.10008.1.2.4.106"] = ("MPEG-4 AVC/H.264 Stereo", false),
        ["1.2.840.10008.1.2.4.107"] = ("HEVC/H.265 Main Profile", false),
        ["1.2.840.10008.1.2.4.108"] = ("HEVC/H.265 Main 10 Profile", false),
        ["1.2.840.10008.1.2.4.110"] = ("JPEG XL Lossless", false),
        ["1.2.840.10008.1.2.4.111"] = ("JPEG XL JPEG Recompression", false),
        ["1.2.840.10008.1.2.4.112"] = ("JPEG XL", false),
        ["1.2.840.10008.1.2.4.201"] = ("High-Throughput JPEG 2000 Lossless", false),
        ["1.2.840.10008.1.2.4.202"] = ("High-Throughput JPEG 2000 with RPCL Lossless", false),
        ["1.2.840.10008.1.2.4.203"] = ("High-Throughput JPEG 2000", false),
        ["1.2.840.10008.1.2.6.1"] = ("RFC 2557 MIME encapsulation", false),
        ["1.2.840.10008.1.2.8.1"] = ("SMPTE ST 2110-20", false),
    };

    public static string Name(string uid) =>
        uid.Length == 0 ? "(none: ACR-NEMA / implicit little endian assumed)" : Known.TryGetValue(uid, out var t) ? t.Name : "unknown " + uid;

    /// <summary>True for syntaxes GDCM 3.0 decodes; a decode failure there means a damaged file, elsewhere an unsupported one.</summary>
    public static bool IsDecodable(string uid) => uid.Length == 0 || (Known.TryGetValue(uid, out var t) && t.Decodable);
}
