using System.Globalization;
using ChestScreener.Imaging;
using ChestScreener.Imaging.Nifti;

namespace ChestScreener.Dicom;

/// <summary>A NIfTI volume as a CT input: values taken as HU and rounded to int16; no tags, so only geometry is checked.</summary>
internal static class NiftiInput
{
    public static CtVolume Read(string path, string display, string source, ReadOptions options)
    {
        var image = NiftiReader.Read(path);
        CheckGeometry(image.Geometry, display, options);
        var values = image.Values;
        var hu = new Volume<short>(values.Geometry);
        int floor = options.PaddingBelowHu;
        Parallel.For(0, values.SizeZ, Parallelism.Options(options.MaxThreads), z =>
        {
            var src = values.Data.AsSpan(z * values.SliceLength, values.SliceLength);
            var dst = hu.Slice(z);
            for (int i = 0; i < src.Length; i++)
            {
                float v = src[i];
                dst[i] = float.IsNaN(v) || v < floor ? CtVolume.AirHu : v >= short.MaxValue ? short.MaxValue : (short)MathF.Round(v, MidpointRounding.AwayFromZero);
            }
        });
        var info = new ScanInfo { Source = source, SliceThicknessMm = values.Geometry.Spacing.Z, SeriesDescription = image.Description };
        return new CtVolume(hu, info, ["NIfTI input: no DICOM tags, so modality and body part were not checked (the anatomy gate still is)"]);
    }

    public static StudyInspection Inspect(string path, string display, IReadOnlyList<string> inputs, ReadOptions options, int filesFound)
    {
        var image = NiftiReader.Read(path);
        var g = image.Geometry;
        Results.Rejection? rejection = null;
        try
        {
            CheckGeometry(g, display, options);
        }
        catch (ScreenerException e)
        {
            rejection = new Results.Rejection(e.Code.ToWire(), e.Message);
        }
        var summary = new SeriesSummary
        {
            SeriesDescription = image.Description,
            Files = 1,
            Slices = g.SizeZ,
            Rows = g.SizeY,
            Columns = g.SizeX,
            SpacingMm = [g.Spacing.X, g.Spacing.Y, g.Spacing.Z],
            SliceThicknessMm = g.Spacing.Z,
            CoverageMm = g.SizeZ * g.Spacing.Z,
            Orientation = Selection.SeriesSelector.OrientationName(g.AxisZ),
            TransferSyntax = "NIfTI-1 " + image.StoredType,
            Eligible = true,
            Selected = true,
        };
        return new StudyInspection
        {
            Inputs = inputs,
            Format = "nifti",
            FilesFound = filesFound,
            Series = [summary],
            SelectionReason = "a NIfTI volume (no series to choose from)",
            Rejection = rejection,
            Warnings = ["NIfTI input: no DICOM tags, so modality and body part cannot be checked"],
        };
    }

    private static void CheckGeometry(Imaging.Geometry.VolumeGeometry g, string display, ReadOptions options)
    {
        if (!options.CheckCoverage) return;
        double coverage = g.SizeZ * g.Spacing.Z;
        if (g.SizeZ < options.MinSlices || coverage < options.MinCoverageMm)
            throw new ScreenerException(RejectionCode.IncompleteSeries, string.Create(CultureInfo.InvariantCulture,
                $"{display}: {g.SizeZ} slices covering {coverage:0} mm; a chest needs at least {options.MinSlices} slices and {options.MinCoverageMm:0} mm")) { FileName = display };
    }
}
