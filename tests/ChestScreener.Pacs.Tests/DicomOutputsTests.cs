using ChestScreener.Dicom;
using ChestScreener.Dicom.Output;
using ChestScreener.Reports.Dicom;
using ChestScreener.Tests;

namespace ChestScreener.Pacs.Tests;

/// <summary>SR, Secondary Capture and SEG written for a synthetic CT series: parsed by dcmdump, validated by dciodvfy, read by GDCM.</summary>
public sealed class DicomOutputsTests
{
    [Fact]
    public void Uids_are_valid_2_25_and_unique()
    {
        var a = DicomUids.New();
        var b = DicomUids.New();
        Assert.NotEqual(a, b);
        Assert.StartsWith("2.25.", a);
        Assert.True(DicomUids.IsValid(a), a);
        Assert.True(a.Length <= 64);
        Assert.False(DicomUids.IsValid("1.02.3"));
    }

    [Fact]
    public void Reader_keeps_source_uids_positions_and_study_tags()
    {
        using var tmp = TestData.NewTempFolder();
        var (tags, files) = PhantomStudy.Write(Path.Combine(tmp.Path, "ct"));
        var ct = StudyReader.Read([Path.Combine(tmp.Path, "ct")]);
        var src = ct.Info.Dicom!;
        Assert.Equal(files.Count, src.Images.Count);
        Assert.Equal(tags.FrameOfReferenceUid, src.FrameOfReferenceUid);
        Assert.Equal("Phantom^Pacs", src.StudyTags[DicomTags.PatientName]);
        Assert.Equal(tags.PatientId, src.StudyTags[DicomTags.PatientId]);
        Assert.Equal(tags.StudyUid, src.StudyTags[DicomTags.StudyInstanceUid]);
        // Slice k of the volume is source image k: same position.
        for (int k = 0; k < src.Images.Count; k++)
        {
            var p = ct.Geometry.IndexToLps(0, 0, k);
            Assert.True((src.Images[k].Position - p).Length < 1e-3, $"slice {k}: {src.Images[k].Position} vs {p}");
            Assert.Equal(DicomUids.CtImage, src.Images[k].SopClassUid);
        }
        Assert.Equal(files.Count, src.Images.Select(i => i.SopInstanceUid).Distinct().Count());
    }

    [SkippableFact]
    public void Sr_sc_seg_file_under_the_source_study_and_reference_its_instances()
    {
        Skip.IfNot(Tools.Exists("dcmdump"), "dcmdump (dcmtk) is not installed; scripts/setup.sh --test installs it");
        using var tmp = TestData.NewTempFolder();
        var (tags, files) = PhantomStudy.Write(Path.Combine(tmp.Path, "ct"));
        var ct = StudyReader.Read([Path.Combine(tmp.Path, "ct")]);
        var artifacts = MaskedResult.Make(ct);
        var outDir = Path.Combine(tmp.Path, "out");
        Directory.CreateDirectory(outDir);
        var written = DicomOutputs.Write(outDir, artifacts);

        Assert.Contains(SrWriter.FileName, written);
        Assert.Contains(SegWriter.FileName, written);
        Assert.Equal(3, written.Count(w => w.StartsWith("chestscreener-sc-", StringComparison.Ordinal))); // overview + axial + coronal
        var sourceUids = ct.Info.Dicom!.Images.Select(i => i.SopInstanceUid).ToList();

        var newUids = new HashSet<string>();
        var seriesUids = new HashSet<string>();
        foreach (var name in written)
        {
            var dump = Tools.Dump(Path.Combine(outDir, name));
            Assert.Equal(tags.StudyUid, Tools.Values(dump, "0020,000d", topLevelOnly: true).Single());
            Assert.Equal("Phantom^Pacs", Tools.Values(dump, "0010,0010").Single());
            Assert.Equal(tags.PatientId, Tools.Values(dump, "0010,0020").Single());
            Assert.Equal("1.2.840.10008.1.2.1", Tools.Values(dump, "0002,0010").Single());
            var sop = Tools.Values(dump, "0008,0018").Single();
            Assert.True(DicomUids.IsValid(sop) && sop.StartsWith("2.25.", StringComparison.Ordinal), sop);
            Assert.True(newUids.Add(sop), "SOP Instance UIDs must be unique");
            Assert.Equal(sop, Tools.Values(dump, "0002,0003").Single());
            var series = Tools.Values(dump, "0020,000e", topLevelOnly: true).Single();
            Assert.NotEqual(tags.SeriesUid, series);
            seriesUids.Add(series);
        }
        Assert.Equal(3, seriesUids.Count); // SR, SC and SEG series

        // SR: the verdict, the probability and the finding's box; the source series listed as evidence.
        var sr = Tools.Dump(Path.Combine(outDir, SrWriter.FileName));
        Assert.Equal(DicomUids.ComprehensiveSr, Tools.Values(sr, "0008,0016").Single());
        Assert.Contains("Needs a radiologist first: anomaly found", sr);
        Assert.Contains("0.91", Tools.Values(sr, "0040,a30a"));
        Assert.Contains(tags.SeriesUid, Tools.Values(sr, "0020,000e"));
        var srRefs = Tools.Values(sr, "0008,1155");
        Assert.True(sourceUids.All(srRefs.Contains), "every source instance is listed as evidence");
        var f = artifacts.Result.Findings![0];
        Assert.Contains(DicomDataSet.Ds(f.BboxMmLps.Min[0]), Tools.Values(sr, "0040,a30a"));
        Assert.Contains(DicomDataSet.Ds(f.BboxMmLps.Max[2]), Tools.Values(sr, "0040,a30a"));

        // SEG: one frame per masked slice, each derived from that very source slice, 1-bit pixels.
        var segPath = Path.Combine(outDir, SegWriter.FileName);
        var seg = Tools.Dump(segPath);
        var masked = MaskedResult.MaskedSlices(artifacts.FindingIds!);
        Assert.Equal(DicomUids.Segmentation, Tools.Values(seg, "0008,0016").Single());
        Assert.Equal(masked.Count.ToString(), Tools.Values(seg, "0028,0008").Single());
        Assert.Equal("1", Tools.Values(seg, "0028,0100").Single());
        Assert.Equal("BINARY", Tools.Values(seg, "0062,0001").Single());
        Assert.Equal(tags.FrameOfReferenceUid, Tools.Values(seg, "0020,0052").Single());
        using (var gd = new GdcmReadBack(segPath))
        {
            var frames = GdcmReadBack.Items(gd.DataSet, 0x5200, 0x9230);
            Assert.Equal(masked.Count, frames.Count);
            for (int i = 0; i < frames.Count; i++)
            {
                var derivation = GdcmReadBack.Items(frames[i], 0x0008, 0x9124).Single();
                var source = GdcmReadBack.Items(derivation, 0x0008, 0x2112).Single();
                Assert.Equal(sourceUids[masked[i]], gd.String(source, 0x0008, 0x1155));
                var position = GdcmReadBack.Items(frames[i], 0x0020, 0x9113).Single();
                var expected = ct.Geometry.IndexToLps(0, 0, masked[i]);
                var ipp = gd.String(position, 0x0020, 0x0032).Split('\\').Select(v => double.Parse(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
                Assert.Equal(expected.Z, ipp[2], 3);
            }
            var referenced = GdcmReadBack.Items(gd.DataSet, 0x0008, 0x1115).Single();
            Assert.Equal(tags.SeriesUid, gd.String(referenced, 0x0020, 0x000E));
            Assert.Equal(files.Count, GdcmReadBack.Items(referenced, 0x0008, 0x114A).Count);
        }
        // The packed bits hold exactly the mask's voxels (the SEG grid is the CT grid here).
        var pixelBytes = SegPixelBytes(segPath);
        long setBits = pixelBytes.Sum(b => (long)System.Numerics.BitOperations.PopCount(b));
        long maskVoxels = artifacts.FindingIds!.Data.Count(v => v != 0);
        Assert.Equal(maskVoxels, setBits);
        Assert.Equal((masked.Count * 64L * 64 + 7) / 8, pixelBytes.Length);

        // SC: RGB 8-bit with the outline colour present; the axial image references its source slice.
        var sc = Path.Combine(outDir, ScWriter.FileName(2));
        var scDump = Tools.Dump(sc);
        Assert.Equal(DicomUids.SecondaryCapture, Tools.Values(scDump, "0008,0016").Single());
        Assert.Equal("RGB", Tools.Values(scDump, "0028,0004").Single());
        int z = Reports.Images.KeyImages.BestSlice(artifacts.FindingIds!, f, Reports.Images.SlicePlane.Axial);
        Assert.Equal(sourceUids[z], Tools.Values(scDump, "0008,1155").Single());
        var px = GdcmReadBack.Pixels(sc);
        Assert.Equal(3, px.Samples);
        bool outlined = false;
        for (int i = 0; i + 2 < px.Buffer.Length; i += 3)
        {
            if (px.Buffer[i] == 0 && px.Buffer[i + 1] == 255 && px.Buffer[i + 2] == 120) { outlined = true; break; }
        }
        Assert.True(outlined, "the finding's outline colour is in the key image");
    }

    [SkippableFact]
    public void Outputs_validate_against_their_iods_with_dciodvfy()
    {
        Skip.IfNot(Tools.Exists("dciodvfy"), "dciodvfy (Debian package dicom3tools) is not installed; scripts/setup.sh --test installs it");
        using var tmp = TestData.NewTempFolder();
        PhantomStudy.Write(Path.Combine(tmp.Path, "ct"));
        var ct = StudyReader.Read([Path.Combine(tmp.Path, "ct")]);
        var outDir = Path.Combine(tmp.Path, "out");
        Directory.CreateDirectory(outDir);
        var written = DicomOutputs.Write(outDir, MaskedResult.Make(ct));
        var keep = Environment.GetEnvironmentVariable("CHESTSCREENER_KEEP_DICOM_OUTPUTS");
        if (!string.IsNullOrEmpty(keep)) foreach (var name in written) File.Copy(Path.Combine(outDir, name), Path.Combine(keep, name), true);
        foreach (var name in written)
        {
            var errors = Tools.IodErrors(Path.Combine(outDir, name));
            Assert.True(errors.Count == 0, $"{name}: {string.Join("\n", errors)}");
        }
    }

    [SkippableFact]
    public void Real_series_gets_a_seg_on_its_own_grid_that_validates()
    {
        var input = TestData.Require("chest/lidc-idri-0314");
        Skip.IfNot(Tools.Exists("dcmdump"), "dcmdump (dcmtk) is not installed");
        using var tmp = TestData.NewTempFolder();
        var ct = StudyReader.Read([input]);
        var a = MaskedResult.Make(ct);
        var written = DicomOutputs.Write(tmp.Path, a);
        // Set to a folder to look at the files (e.g. the key images with dcmj2pnm).
        var keep = Environment.GetEnvironmentVariable("CHESTSCREENER_KEEP_DICOM_OUTPUTS");
        if (!string.IsNullOrEmpty(keep)) foreach (var name in written) File.Copy(Path.Combine(tmp.Path, name), Path.Combine(keep, "lidc-" + name), true);
        var seg = Tools.Dump(Path.Combine(tmp.Path, SegWriter.FileName));
        var masked = MaskedResult.MaskedSlices(a.FindingIds!);
        Assert.Equal(masked.Count.ToString(), Tools.Values(seg, "0028,0008").Single());
        Assert.Equal(ct.Info.Dicom!.Rows.ToString(), Tools.Values(seg, "0028,0010").Single());
        Assert.Equal(ct.Info.SeriesUid, Tools.Values(seg, "0020,000e").First());
        Assert.Equal(ct.Info.StudyUid, Tools.Values(seg, "0020,000d", topLevelOnly: true).Single());
        Assert.Equal(ct.Info.Dicom.Images.Count, Tools.Values(seg, "0008,1155").Count - masked.Count);
        if (Tools.Exists("dciodvfy"))
        {
            foreach (var name in written)
            {
                var errors = Tools.IodErrors(Path.Combine(tmp.Path, name));
                Assert.True(errors.Count == 0, $"{name}: {string.Join("\n", errors)}");
            }
        }
    }

    [Fact]
    public void Nifti_input_gets_no_dicom_outputs_and_an_empty_mask_gets_no_seg()
    {
        using var tmp = TestData.NewTempFolder();
        PhantomStudy.Write(Path.Combine(tmp.Path, "ct"));
        var ct = StudyReader.Read([Path.Combine(tmp.Path, "ct")]);
        var a = MaskedResult.Make(ct);
        Array.Clear(a.FindingIds!.Data);
        var outDir = Path.Combine(tmp.Path, "out");
        Directory.CreateDirectory(outDir);
        var written = DicomOutputs.Write(outDir, a);
        Assert.DoesNotContain(SegWriter.FileName, written);
        Assert.Contains(SrWriter.FileName, written);

        var nifti = new Imaging.CtVolume(ct.Hu, ct.Info with { Dicom = null });
        Assert.Empty(DicomOutputs.Write(outDir, new Reports.StudyArtifacts { Result = a.Result, Ct = nifti, FindingIds = a.FindingIds, VoxelThreshold = a.VoxelThreshold, VolumeLimitMm3 = a.VolumeLimitMm3 }));
    }

    private static byte[] SegPixelBytes(string path)
    {
        using var gd = new GdcmReadBack(path);
        var de = gd.DataSet.GetDataElement(new gdcm.Tag(0x7FE0, 0x0010));
        var bv = de.GetByteValue();
        uint length = (uint)bv.GetLength();
        var bytes = new byte[length];
        bv.GetBuffer(bytes, length);
        // The element is padded to even length; the frames' bits end before that pad byte.
        return bytes;
    }
}
