using ChestScreener.Dicom.Output;
using ChestScreener.Imaging;
using ChestScreener.Reports.Images;
using ChestScreener.Results;
using SkiaSharp;

namespace ChestScreener.Reports.Dicom;

/// <summary>
/// The study's results as DICOM for a PACS (format "dicom"): a Comprehensive SR with the verdict and findings, Secondary
/// Capture key images with the findings outlined (the same pictures as the PNG overlays), and a SEG of the anomaly mask on
/// the source series' grid. All file under the source study. Written only for studies read from DICOM.
/// </summary>
public static class DicomOutputs
{
    /// <summary>Findings beyond this many get no key images (the SR and SEG still hold them all).</summary>
    public const int MaxFindingImages = 5;

    /// <summary>Names of the files written; empty when the study was not read from DICOM (e.g. NIfTI input) or not analysed.</summary>
    public static List<string> Write(string folder, StudyArtifacts a)
    {
        if (a.Ct is null) return [];
        var ctx = DicomResultContext.For(a.Ct, a.Result);
        if (ctx is null) return [];
        var written = new List<string>();
        SrWriter.Write(folder, ctx);
        written.Add(SrWriter.FileName);
        if (a.Result.Status != ResultStatus.Ok) return written;

        var images = KeyImagesOf(a, ctx);
        ScWriter.Write(folder, ctx, images);
        for (int n = 1; n <= images.Count; n++) written.Add(ScWriter.FileName(n));

        var mask = Mask(a);
        if (mask is not null && SegWriter.Write(folder, ctx, mask) is not null) written.Add(SegWriter.FileName);
        return written;
    }

    /// <summary>The anomaly mask: the listed findings' voxels, or the scores above the voxel threshold when no finding map exists.</summary>
    public static Volume<byte>? Mask(StudyArtifacts a)
    {
        if (a.FindingIds is { } ids) return ids;
        if (a.Scores is not { } scores) return null;
        var mask = scores.Like<byte>();
        float t = (float)a.VoxelThreshold;
        var src = scores.Data;
        var dst = mask.Data;
        for (long i = 0; i < src.LongLength; i++) dst[i] = src[i] >= t ? (byte)1 : (byte)0;
        return mask;
    }

    private static List<KeyImage> KeyImagesOf(StudyArtifacts a, DicomResultContext ctx)
    {
        var renderer = new SliceRenderer(a.Ct!.Hu);
        var g = a.Ct.Geometry;
        var list = new List<KeyImage>();
        var findings = a.Result.Findings ?? [];
        int y0 = KeyImages.OverviewSlice(a);
        var overviewBoxes = findings.Where(f => y0 >= f.BboxVoxel.Min[1] && y0 <= f.BboxVoxel.Max[1])
            .Select(f => new KeyImageAnnotator.Box(renderer.BoxOnPlane(SlicePlane.Coronal, f.BboxVoxel.Min, f.BboxVoxel.Max), f)).ToList();
        using (var overview = KeyImages.Overview(renderer, a, numbers: false))
            list.Add(ToKeyImage(overview, "Coronal overview: anomaly scores as heat, findings outlined", "L\\F", null,
                Title("Coronal overview", SlicePlane.Coronal, y0, g), overviewBoxes, heat: true));
        for (int i = 0; i < findings.Count && i < MaxFindingImages; i++)
        {
            var f = findings[i];
            int z = KeyImages.FindingSlice(a, f, SlicePlane.Axial);
            using (var axial = KeyImages.Finding(renderer, a, f, SlicePlane.Axial, numbers: false))
                list.Add(ToKeyImage(axial, $"Finding {f.Id} ({f.Region}), axial, outlined and boxed", "L\\P", SourceIndex(a.Ct, ctx, z),
                    Title($"Finding {f.Id}, axial", SlicePlane.Axial, z, g), [new(renderer.BoxOnPlane(SlicePlane.Axial, f.BboxVoxel.Min, f.BboxVoxel.Max), f)], heat: false));
            int y = KeyImages.FindingSlice(a, f, SlicePlane.Coronal);
            using var coronal = KeyImages.Finding(renderer, a, f, SlicePlane.Coronal, numbers: false);
            list.Add(ToKeyImage(coronal, $"Finding {f.Id} ({f.Region}), coronal, outlined and boxed", "L\\F", null,
                Title($"Finding {f.Id}, coronal", SlicePlane.Coronal, y, g), [new(renderer.BoxOnPlane(SlicePlane.Coronal, f.BboxVoxel.Min, f.BboxVoxel.Max), f)], heat: false));
        }
        return list;
    }

    // "Finding 1, axial: slice 123 of 275, z = -140.5 mm (LPS), lung window": where the plane lies, as the viewer says it.
    private static string Title(string what, SlicePlane plane, int index, Imaging.Geometry.VolumeGeometry g)
    {
        var c = plane == SlicePlane.Axial ? g.IndexToLps((g.SizeX - 1) / 2.0, (g.SizeY - 1) / 2.0, index) : g.IndexToLps((g.SizeX - 1) / 2.0, index, (g.SizeZ - 1) / 2.0);
        return plane == SlicePlane.Axial
            ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{what}: slice {index + 1} of {g.SizeZ}, z = {c.Z:0.0} mm (LPS), lung window")
            : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{what}: plane {index + 1} of {g.SizeY}, y = {c.Y:0.0} mm (LPS), lung window");
    }

    /// <summary>The source image of volume slice z: the one nearest the slice's centre along the normal.</summary>
    private static int SourceIndex(CtVolume ct, DicomResultContext ctx, int z)
    {
        var g = ct.Geometry;
        var centre = g.IndexToLps((g.SizeX - 1) / 2.0, (g.SizeY - 1) / 2.0, z);
        var nearest = DicomFileWriter.NearestImage(ctx.Source, [centre.X, centre.Y, centre.Z]);
        for (int k = 0; k < ctx.Source.Images.Count; k++) if (ReferenceEquals(ctx.Source.Images[k], nearest)) return k;
        return -1;
    }

    private static KeyImage ToKeyImage(SKBitmap rendered, string description, string orientation, int? sourceSlice,
        string title, IReadOnlyList<KeyImageAnnotator.Box> boxes, bool heat)
    {
        using var bitmap = KeyImageAnnotator.Annotate(rendered, orientation, title, boxes, heat);
        int w = bitmap.Width, h = bitmap.Height;
        var rgb = new byte[w * h * 3];
        var pixels = bitmap.Pixels;
        for (int i = 0; i < pixels.Length; i++)
        {
            var c = pixels[i];
            rgb[i * 3] = c.Red;
            rgb[i * 3 + 1] = c.Green;
            rgb[i * 3 + 2] = c.Blue;
        }
        return new KeyImage(w, h, rgb, description, orientation, sourceSlice);
    }
}
