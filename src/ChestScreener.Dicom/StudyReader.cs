using ChestScreener.Dicom.Building;
using ChestScreener.Dicom.Gdcm;
using ChestScreener.Dicom.Input;
using ChestScreener.Dicom.Selection;
using ChestScreener.Imaging;
using ChestScreener.Imaging.Nifti;
using ChestScreener.Results;

namespace ChestScreener.Dicom;

/// <summary>
/// The front door: turns a .zip, a folder tree, DICOM file(s) or a .nii/.nii.gz into the primary axial CT series in HU,
/// after the passport checks. Throws <see cref="ScreenerException"/> with a rejection code for every bad input.
/// </summary>
public static class StudyReader
{
    public static CtVolume Read(IReadOnlyList<string> inputs, ReadOptions? options = null)
    {
        options ??= new ReadOptions();
        using var collected = InputCollector.Collect(inputs, options);
        var source = SourceName(inputs);
        var scan = Scan(collected, inputs, options);
        if (scan.Nifti is not null) return NiftiInput.Read(scan.Nifti, collected.Display(scan.Nifti), source, options);

        var best = SeriesSelector.Best(scan.Candidates) ?? throw Passport.NothingEligible(scan.Candidates, options);
        var plan = best.Plan!;
        CheckSize(plan, options);
        try
        {
            Passport.Check(best, options);
        }
        catch (ScreenerException e) when (e.Code == RejectionCode.IncompleteSeries && plan.CoverageMm < options.MinCoverageMm)
        {
            // A series too short to be a chest is cheap to decode; decoding it first lets a broken file report
            // corrupt_file, which is the problem the sender has to fix first.
            VolumeAssembler.Build(plan, options, collected.Display);
            throw;
        }
        var hu = VolumeAssembler.Build(plan, options, collected.Display);
        var h = best.Representative;
        var info = new ScanInfo
        {
            StudyUid = h.StudyUid,
            SeriesUid = h.SeriesUid,
            Modality = h.Modality,
            BodyPartExamined = h.BodyPartExamined,
            SeriesDescription = h.SeriesDescription,
            Manufacturer = h.Manufacturer,
            ConvolutionKernel = h.ConvolutionKernel,
            TransferSyntax = h.TransferSyntaxUid,
            SliceThicknessMm = h.SliceThicknessMm > 0 ? h.SliceThicknessMm : plan.MedianStepMm,
            Source = source,
            Dicom = SourceSeries(plan, h),
        };
        return new CtVolume(hu, info, Warnings(scan, plan));
    }

    /// <summary>Describes every series in the input and which one <see cref="Read"/> would analyse; decodes no pixels and never throws for bad input.</summary>
    public static StudyInspection Inspect(IReadOnlyList<string> inputs, ReadOptions? options = null)
    {
        options ??= new ReadOptions();
        try
        {
            using var collected = InputCollector.Collect(inputs, options);
            var scan = Scan(collected, inputs, options);
            if (scan.Nifti is not null) return NiftiInput.Inspect(scan.Nifti, collected.Display(scan.Nifti), inputs, options, scan.FilesFound);

            var best = SeriesSelector.Best(scan.Candidates);
            Rejection? rejection = null;
            try
            {
                if (best is null) throw Passport.NothingEligible(scan.Candidates, options);
                Passport.Check(best, options);
            }
            catch (ScreenerException e)
            {
                rejection = new Rejection(e.Code.ToWire(), e.Message);
            }
            return new StudyInspection
            {
                Inputs = inputs,
                Format = "dicom",
                FilesFound = scan.FilesFound,
                DicomFiles = scan.Headers.Count,
                SkippedFiles = scan.FilesFound - scan.Headers.Count,
                Series = scan.Candidates.Select(c => Summarise(c, ReferenceEquals(c, best))).ToList(),
                SelectedSeriesUid = best?.SeriesUid,
                SelectionReason = best is null ? null : SeriesSelector.Reason(best, scan.Candidates),
                Rejection = rejection,
                Warnings = best?.Plan is null ? ScanWarnings(scan) : Warnings(scan, best.Plan),
            };
        }
        catch (ScreenerException e)
        {
            return new StudyInspection { Inputs = inputs, Rejection = new Rejection(e.Code.ToWire(), e.Message) };
        }
    }

    /// <summary>
    /// The size of the volume <see cref="Read"/> would build, from NIfTI headers and DICOM tags alone (no pixel decoding): what a
    /// caller can budget memory on before any heavy work. Null when the input holds no volume the reader would build (the reader
    /// refuses it cheaply). A volume past <see cref="ReadOptions.MaxVoxels"/> is measured too: deciding on it is the caller's part.
    /// </summary>
    public static VolumeSize? MeasureVolume(IReadOnlyList<string> inputs, ReadOptions? options = null)
    {
        options ??= new ReadOptions();
        try
        {
            using var collected = InputCollector.Collect(inputs, options);
            var scan = Scan(collected, inputs, options);
            if (scan.Nifti is not null)
            {
                var h = NiftiReader.ReadHeader(scan.Nifti);
                return new VolumeSize(h.SizeX, h.SizeY, h.SizeZ);
            }
            var g = SeriesSelector.Best(scan.Candidates)?.Plan?.Output;
            return g is null ? null : new VolumeSize(g.SizeX, g.SizeY, g.SizeZ);
        }
        catch (ScreenerException)
        {
            return null;
        }
    }

    private sealed record ScanResult(int FilesFound, IReadOnlyList<DicomHeader> Headers, List<SeriesCandidate> Candidates, string? Nifti, int NiftiIgnored)
    {
        /// <summary>Files that start like DICOM but whose structure is broken: (display name, what is wrong).</summary>
        public IReadOnlyList<(string File, string Problem)> Damaged { get; init; } = [];
    }

    /// <summary>Refuses a volume larger than the limit from the tags alone, before a single pixel buffer exists.</summary>
    private static void CheckSize(StackPlan plan, ReadOptions options)
    {
        var g = plan.Output;
        if (g.VoxelCount > options.MaxVoxels || g.VoxelCount > Array.MaxLength)
            throw new ScreenerException(RejectionCode.TooLarge, string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"the series would be {g.SizeX}x{g.SizeY}x{g.SizeZ} = {g.VoxelCount} voxels, more than the limit of {options.MaxVoxels}; the header is damaged or the series is too large"));
    }

    private static ScanResult Scan(CollectedInputs collected, IReadOnlyList<string> inputs, ReadOptions options)
    {
        var files = collected.CandidateFiles;
        var headers = new DicomHeader?[files.Count];
        var damage = new string?[files.Count];
        Parallel.For(0, files.Count, Parallelism.Options(options.MaxThreads), i => headers[i] = GdcmSeam.TryReadHeader(files[i], out damage[i]));
        var dicom = headers.Where(h => h is not null).Select(h => h!).ToList();
        var damaged = new List<(string File, string Problem)>();
        for (int i = 0; i < files.Count; i++)
        {
            if (damage[i] is { } problem) damaged.Add((collected.Display(files[i]), problem));
        }
        int found = files.Count + collected.NiftiFiles.Count;
        if (dicom.Count == 0 && damaged.Count > 0 && collected.NiftiFiles.Count == 0)
        {
            var (file, problem) = damaged[0];
            throw new ScreenerException(RejectionCode.CorruptFile, damaged.Count == 1
                ? $"{file}: the DICOM file is damaged ({problem}); re-export or re-send it"
                : $"{damaged.Count} DICOM files are damaged, e.g. {file}: {problem}; re-export or re-send the series") { FileName = file };
        }
        if (dicom.Count == 0)
        {
            if (collected.NiftiFiles.Count > 0)
            {
                var nifti = collected.NiftiFiles.Order(StringComparer.Ordinal).First();
                return new ScanResult(found, dicom, [], nifti, collected.NiftiFiles.Count - 1);
            }
            if (files.Count == 0)
                throw new ScreenerException(RejectionCode.NotDicom, $"{SourceName(inputs)}: no files found; pass a .zip, a DICOM folder, DICOM files or a .nii/.nii.gz");
            var first = collected.Display(files[0]);
            throw new ScreenerException(RejectionCode.NotDicom, files.Count == 1
                ? $"{first}: not a DICOM file (nor a zip or NIfTI)"
                : $"none of the {files.Count} files is DICOM (e.g. {first}); pass a DICOM series, a zip of one, or a NIfTI volume") { FileName = first };
        }
        return new ScanResult(found, dicom, SeriesSelector.Catalog(dicom, options), null, collected.NiftiFiles.Count) { Damaged = damaged };
    }

    private static List<string> ScanWarnings(ScanResult scan)
    {
        var warnings = new List<string>();
        int skipped = scan.FilesFound - scan.Headers.Count - scan.NiftiIgnored - scan.Damaged.Count;
        if (skipped > 0) warnings.Add($"{skipped} file(s) are not DICOM and were ignored");
        if (scan.Damaged.Count > 0) warnings.Add($"{scan.Damaged.Count} damaged DICOM file(s) were ignored, e.g. {scan.Damaged[0].File}: {scan.Damaged[0].Problem}");
        if (scan.NiftiIgnored > 0) warnings.Add($"{scan.NiftiIgnored} NIfTI file(s) beside the DICOM files were ignored");
        int studies = scan.Headers.Select(h => h.StudyUid).Distinct(StringComparer.Ordinal).Count();
        if (studies > 1) warnings.Add($"the input holds {studies} studies; only the chosen series' study is analysed");
        return warnings;
    }

    private static List<string> Warnings(ScanResult scan, StackPlan plan)
    {
        var warnings = ScanWarnings(scan);
        warnings.AddRange(plan.Warnings);
        return warnings;
    }

    private static SeriesSummary Summarise(SeriesCandidate c, bool selected)
    {
        var h = c.Representative;
        var plan = c.Plan;
        return new SeriesSummary
        {
            SeriesUid = c.SeriesUid,
            StudyUid = h.StudyUid,
            Modality = h.Modality,
            BodyPartExamined = h.BodyPartExamined,
            SeriesDescription = h.SeriesDescription,
            ImageType = string.Join('\\', h.ImageType),
            Manufacturer = h.Manufacturer,
            ConvolutionKernel = h.ConvolutionKernel,
            TransferSyntax = h.TransferSyntaxName,
            TransferSyntaxUid = h.TransferSyntaxUid,
            Files = c.Files.Count,
            Slices = c.SliceCount,
            Rows = h.Rows,
            Columns = h.Columns,
            SpacingMm = plan is null ? [] : [Math.Round(plan.SpacingX, 6), Math.Round(plan.SpacingY, 6), Math.Round(plan.MedianStepMm, 6)],
            SliceThicknessMm = h.SliceThicknessMm,
            CoverageMm = plan is null ? 0 : Math.Round(plan.CoverageMm, 3),
            Orientation = c.Orientation,
            GantryTiltDegrees = plan is null ? 0 : Math.Round(plan.TiltDegrees, 2),
            Eligible = c.Eligible,
            ExcludedBecause = c.ExcludedBecause,
            Selected = selected,
            Warnings = plan?.Warnings ?? [],
        };
    }

    /// <summary>What DICOM results need of the source: image UIDs and positions in volume slice order, the slice grid, study tags.</summary>
    private static DicomSourceSeries SourceSeries(StackPlan plan, DicomHeader representative)
    {
        var images = new SourceImage[plan.Slices.Count];
        for (int k = 0; k < images.Length; k++)
        {
            var s = plan.Slices[k];
            images[k] = new SourceImage(s.Header.SopClassUid, s.Header.SopInstanceUid, s.Header.Frames > 1 ? s.Frame + 1 : 0, s.Geometry.Position);
        }
        var tags = Gdcm.StudyTagReader.Read(representative.Path);
        return new DicomSourceSeries
        {
            FrameOfReferenceUid = tags.GetValueOrDefault(Gdcm.StudyTagReader.FrameOfReferenceUid, ""),
            Images = images,
            Columns = plan.Columns,
            Rows = plan.Rows,
            RowDirection = plan.RowDirection,
            ColumnDirection = plan.ColumnDirection,
            SpacingX = plan.SpacingX,
            SpacingY = plan.SpacingY,
            SliceThicknessMm = representative.SliceThicknessMm > 0 ? representative.SliceThicknessMm : plan.MedianStepMm,
            StudyTags = tags,
        };
    }

    internal static string SourceName(IReadOnlyList<string> inputs) =>
        inputs.Count == 0 ? "" : inputs.Count == 1 ? inputs[0] : $"{inputs[0]} (+{inputs.Count - 1} more)";
}
