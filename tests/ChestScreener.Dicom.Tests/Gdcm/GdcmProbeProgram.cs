using ChestScreener.Dicom.Gdcm;
using ChestScreener.Dicom.Writing;

namespace ChestScreener.Dicom.Tests.Gdcm;

/// <summary>
/// The test assembly's entry point (GenerateProgramFile is off), used as a child process by <see cref="GdcmChild"/>: GDCM aborts
/// the process on some damaged files, so a test that hands such a file to GDCM runs the call here, where an abort shows up as an
/// exit code instead of killing the test run. "probe FILE..." sends each file through every entry that reaches GDCM and prints
/// one line per entry ("probe-gdcm FILE..." skips the whole reader, which only composes the others); each file's name is printed
/// before it is tried, so an abort names its culprit.
/// </summary>
public static class GdcmProbeProgram
{
    public static int Main(string[] args)
    {
        if (args.Length < 2 || args[0] is not ("probe" or "probe-gdcm")) return 2;
        bool withReader = args[0] == "probe";
        foreach (var file in args.Skip(1))
        {
            Console.WriteLine($"trying {file}");
            Console.Out.Flush();
            foreach (var line in ProbeAll(file, withReader)) Console.WriteLine(line);
            Console.Out.Flush();
        }
        Console.WriteLine("probe finished");
        return 0;
    }

    /// <summary>Every way a file reaches GDCM: tags, STOW identification, study tags, pixel decoding, stripping, the whole reader.</summary>
    public static IEnumerable<string> ProbeAll(string file, bool withReader)
    {
        var header = GdcmSeam.TryReadHeader(file, out var damage);
        yield return $"header: {(header is null ? "refused " + damage : "read")}";
        yield return $"id: {(DicomInstanceId.TryRead(file) is null ? "none" : "read")}";
        yield return $"tags: {StudyTagReader.Read(file).Count}";
        string decoded;
        try
        {
            var px = GdcmSeam.Decode(file, header?.TransferSyntaxUid ?? "1.2.840.10008.1.2.1");
            if (px.Pooled) System.Buffers.ArrayPool<byte>.Shared.Return(px.Buffer);
            decoded = "decoded";
        }
        catch (ScreenerException e)
        {
            decoded = e.Code.ToWire();
        }
        yield return $"decode: {decoded}";
        var copy = file + ".probe-strip";
        File.Copy(file, copy, overwrite: true);
        try
        {
            yield return $"strip: {(DicomAnonymizer.TryStrip(copy, [(0x0010, 0x0010)], [(0x0008, 0x1120)], out var problem) ? "rewritten" : "refused " + problem)}";
        }
        finally
        {
            File.Delete(copy);
        }
        if (!withReader) yield break;
        var inspection = StudyReader.Inspect([file], ReadOptions.NoChestChecks);
        yield return $"inspect: {inspection.Rejection?.Code ?? "ok"}";
        string read;
        try
        {
            StudyReader.Read([file], ReadOptions.NoChestChecks);
            read = "read";
        }
        catch (ScreenerException e)
        {
            read = e.Code.ToWire();
        }
        yield return $"read: {read}";
    }
}
