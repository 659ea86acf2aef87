using System.Buffers.Binary;
using ChestScreener.Tests;
using ChestScreener.Server.Tests.Privacy;

namespace ChestScreener.Server.Tests.Uploads;

/// <summary>
/// The uploads of issue 20 that aborted a server stripping identifiers (GDCM assertion in gdcmFileMetaInformation.cxx), as
/// bytes: a slice whose file meta element has the VR "EE", a slice cut to 144 bytes, and, when the shared data is present, the
/// issue's own samples (ct_small.dcm with byte 0x144 set to 69, the first 144 bytes of an LIDC slice).
/// </summary>
internal static class DamagedUploadCorpus
{
    public static List<(string Name, byte[] Content)> Crashers(string scratch)
    {
        var slice = PrivacyTests.PatientSeries(scratch, slices: 1)[0].Content;
        var badVr = slice.ToArray();
        int meta = FindMetaElement(badVr, 0x0012);
        badVr[meta + 4] = (byte)'E';
        badVr[meta + 5] = (byte)'E';
        var list = new List<(string, byte[])> { ("meta-vr-ee.dcm", badVr), ("cut-144.dcm", slice[..144]) };
        if (TestData.DataRoot is { } data)
        {
            var ctSmall = Path.Combine(data, "syntax", "ct_small.dcm");
            if (File.Exists(ctSmall))
            {
                var bytes = File.ReadAllBytes(ctSmall);
                bytes[0x144] = 69;
                list.Add(("ct_small-0x144-69.dcm", bytes));
            }
            var lidc = Path.Combine(data, "chest", "lidc-idri-0314");
            if (Directory.Exists(lidc) && Directory.GetFiles(lidc, "*.dcm").Order(StringComparer.Ordinal).FirstOrDefault() is { } first)
                list.Add(("lidc-first-144-bytes.dcm", File.ReadAllBytes(first)[..144]));
        }
        return list;
    }

    /// <summary>Offset of a group 0002 element after the preamble.</summary>
    private static int FindMetaElement(byte[] file, ushort element)
    {
        Span<byte> tag = stackalloc byte[4];
        BinaryPrimitives.WriteUInt16LittleEndian(tag, 0x0002);
        BinaryPrimitives.WriteUInt16LittleEndian(tag[2..], element);
        return file.AsSpan(132).IndexOf(tag) + 132;
    }
}
