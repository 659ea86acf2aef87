using System.Globalization;
using ChestScreener.Anatomy;
using ChestScreener.Dicom;
using ChestScreener.Dicom.Writing;
using ChestScreener.Evaluation.Eval;
using ChestScreener.Imaging;
using ChestScreener.Imaging.Nifti;

namespace ChestScreener.Evaluation.Synthesis;

/// <summary>
/// Builds the evaluation set: reads each real chest series, cuts its lesion-free ranges into slabs (the untouched slabs
/// are the normals), inserts one synthetic lesion per plan entry into a copy of a slab, and writes every study as a
/// DICOM series, each truth mask as NIfTI, previews, and manifest.csv.
/// </summary>
public sealed class SynthSetBuilder(SynthOptions options, Action<string>? log = null)
{
    private static readonly (string Path, string Name)[] NegativeInputs =
    [
        ("negative/abdomen-ct.nii.gz", "reject-abdomen-ct"),
        ("negative/head-ct-gantry-tilt", "reject-head-ct"),
        ("negative/mr-brain-series", "reject-mr-brain"),
        ("negative/cr-chest-xray.dcm", "reject-cr-chest-xray"),
        ("negative/ultrasound.dcm", "reject-ultrasound"),
    ];

    public List<ManifestRow> Build()
    {
        var o = options;
        string lesionsJson = o.LesionsJson.Length > 0 ? o.LesionsJson : Path.Combine(o.DataRoot, "chest", "lesions.json");
        var sources = SourceSeries.ReadLesionsJson(lesionsJson, o.DataRoot);
        Directory.CreateDirectory(o.OutputFolder);
        var slabs = new List<SynthSlab>();
        var rows = new List<ManifestRow>();
        foreach (var src in sources)
        {
            log?.Invoke($"reading {src.Name}");
            var ct = StudyReader.Read([src.Path], ReadOptions.NoChestChecks with { MaxThreads = o.Threads });
            if (ct.Geometry.SizeZ != src.Slices)
                throw new InvalidDataException($"{src.Name}: the reader gives {ct.Geometry.SizeZ} slices, lesions.json says {src.Slices}");
            foreach (var (slice, zMm) in src.LesionStarts)
            {
                // The box's lower edge is half a slice below its first slice centre; a reversed order would miss by the scan length.
                double centre = ct.Geometry.IndexToLps(0, 0, slice).Z;
                double edge = Math.Min(ct.Geometry.IndexToLps(0, 0, slice - 0.5).Z, ct.Geometry.IndexToLps(0, 0, slice + 0.5).Z);
                if (Math.Abs(edge - zMm) > ct.Geometry.Spacing.Z + 0.5)
                    throw new InvalidDataException($"{src.Name}: slice {slice} lies at z {centre:0.0} mm, lesions.json puts its lesion box edge at {zMm:0.0} mm: slice order differs");
            }
            foreach (var (lo, hi) in src.LesionFree)
            {
                double mm = (hi - lo + 1) * ct.Geometry.Spacing.Z;
                string name = $"{src.Name}-{lo}-{hi}";
                if (mm < o.MinSlabMm) { log?.Invoke($"skipping slab {name}: {mm:0} mm < {o.MinSlabMm:0} mm"); continue; }
                var slabCt = Crop(ct, lo, hi);
                var anatomy = AnatomyAnalyzer.Analyze(slabCt, o.Threads);
                double sd = NoiseEstimator.EstimateSd(slabCt.Hu, anatomy.Body);
                var slab = new SynthSlab(name, slabCt, anatomy.Labels, sd);
                slabs.Add(slab);
                log?.Invoke(string.Create(CultureInfo.InvariantCulture, $"slab {name}: {mm:0} mm, noise SD {sd:0.0} HU, lungs {anatomy.RightLungMl:0}/{anatomy.LeftLungMl:0} ml (R/L)"));
                string normal = "normal-" + name;
                if (o.PreviewsOnly) continue;
                var folder = WriteSeries(normal, slabCt.Hu, slabCt.Info, $"lesion-free slab {lo}-{hi} of {src.Name}");
                rows.Add(new ManifestRow
                {
                    Study = normal, Path = folder, Label = "normal", Kind = "none", Source = name, NoiseSd = Math.Round(sd, 1), Seed = o.Seed,
                    Description = $"untouched lesion-free slab ({mm:0} mm)",
                });
            }
        }
        foreach (var entry in SynthPlan.Default(slabs.Count, o.Limit))
        {
            var slab = slabs[entry.Slab];
            int seed = StudySeed(o.Seed, entry.Name);
            var (hu, lesion) = LesionSynthesizer.Insert(slab, entry.Spec, seed);
            if (o.PreviewsOnly)
            {
                LesionPreview.Write(Path.Combine(o.OutputFolder, "previews", entry.Name + ".png"), hu, lesion);
                log?.Invoke($"{entry.Name}: {lesion.Description}");
                continue;
            }
            var folder = WriteSeries(entry.Name, hu, slab.Ct.Info, lesion.Description);
            string mask = Path.Combine(o.OutputFolder, "masks", entry.Name + ".nii.gz");
            Directory.CreateDirectory(Path.GetDirectoryName(mask)!);
            NiftiWriter.Write(mask, lesion.Mask, "ChestScreener synthetic lesion mask");
            if (o.Previews) LesionPreview.Write(Path.Combine(o.OutputFolder, "previews", entry.Name + ".png"), hu, lesion);
            log?.Invoke(string.Create(CultureInfo.InvariantCulture, $"{entry.Name}: {lesion.Description}; {lesion.VolumeMm3 / 1000:0.00} ml in {slab.Name}"));
            rows.Add(new ManifestRow
            {
                Study = entry.Name, Path = folder, Label = "pathology", Kind = entry.Spec.Kind.ToWire(), SizeMm = entry.Spec.SizeMm,
                Variant = entry.Spec.Variant, Source = slab.Name, Mask = mask,
                BoxLps = [lesion.BoxMinLps.X, lesion.BoxMinLps.Y, lesion.BoxMinLps.Z, lesion.BoxMaxLps.X, lesion.BoxMaxLps.Y, lesion.BoxMaxLps.Z],
                CenterLps = [lesion.CenterLps.X, lesion.CenterLps.Y, lesion.CenterLps.Z],
                LesionMl = Math.Round(lesion.VolumeMm3 / 1000, 3), NoiseSd = Math.Round(slab.NoiseSd, 1), Seed = seed, Description = lesion.Description,
            });
        }
        if (o.PreviewsOnly) return rows;
        if (o.Negatives)
        {
            foreach (var (rel, name) in NegativeInputs)
            {
                var p = Path.Combine(o.DataRoot, rel);
                if (File.Exists(p) || Directory.Exists(p))
                    rows.Add(new ManifestRow { Study = name, Path = p, Label = "reject", Kind = "not_chest_ct", Description = "must be rejected by the passport or chest gate" });
            }
        }
        EvalManifest.Write(Path.Combine(o.OutputFolder, "manifest.csv"), rows);
        return rows;
    }

    /// <summary>A per-study seed from the set seed and the study name (stable across runs and platforms).</summary>
    public static int StudySeed(int seed, string name)
    {
        ulong h = ScanNoise.Mix((ulong)(uint)seed);
        foreach (char c in name) h = ScanNoise.Mix(h ^ c);
        return (int)(h & 0x7FFFFFFF);
    }

    /// <summary>Slices lo..hi (inclusive) of a volume as a new volume with the cropped geometry.</summary>
    public static CtVolume Crop(CtVolume ct, int lo, int hi)
    {
        var g = ct.Geometry;
        var cg = g.Crop(0, 0, lo, g.SizeX, g.SizeY, hi - lo + 1);
        var data = new short[cg.VoxelCount];
        Array.Copy(ct.Hu.Data, (long)lo * g.SizeX * g.SizeY, data, 0, data.Length);
        return new CtVolume(new Volume<short>(cg, data), ct.Info);
    }

    private string WriteSeries(string name, Volume<short> hu, ScanInfo info, string description)
    {
        var folder = Path.Combine(options.OutputFolder, "studies", name);
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        var tags = SeriesTags.For(name, options.Seed) with
        {
            SeriesDescription = description.Length > 64 ? description[..64] : description,
            Kernel = info.ConvolutionKernel.Length > 16 ? info.ConvolutionKernel[..16] : info.ConvolutionKernel,
            SliceThicknessMm = info.SliceThicknessMm > 0 ? info.SliceThicknessMm : hu.Geometry.Spacing.Z,
            StudyId = name.Length > 16 ? name[..16] : name,
        };
        CtSeriesWriter.Write(folder, hu, tags);
        return folder;
    }
}
