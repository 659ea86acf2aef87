using System.Diagnostics;
using ChestScreener.Anatomy;
using ChestScreener.Model.Inference;
using ChestScreener.Model.Preprocessing;
using ChestScreener.Training.Data;
using ChestScreener.Training.Evaluation;

namespace ChestScreener.Training.Fitting;

/// <summary>
/// Fit step 2: every manifest study on the model grid with its descriptors (through ONNX Runtime, the inference path,
/// or the run folder's cache) and its evaluation masks limited to the voxels the pipeline will score.
/// </summary>
public static class FitStudyLoader
{
    public static List<StudyFeatures> Load(Manifest manifest, FitPaths paths, FitInputs inputs, string onnxPath, DescriptorConfig descriptor, FitOptions o, TextWriter log)
    {
        var prep = inputs.Preprocessing;
        var studies = new List<StudyFeatures>();
        using var runner = new DescriptorRunner(onnxPath, descriptor, prep, o.Threads);
        foreach (var e in manifest.Entries)
        {
            var sw = Stopwatch.StartNew();
            var ct = VolumeLoader.Load(e.Path);
            var pv = Preprocessor.Run(ct, prep, o.Threads);
            // Voxels the pipeline will not score (central airways + margin, outside the lung fields) are left out of calibration and AUROC.
            byte[] scored = o.AirwayMarginMm >= 0 || o.LungMarginMm >= 0 || o.MediastinumMarginMm >= 0
                ? pv.SampleMask(ScoringMask.Build(AnatomyAnalyzer.Analyze(ct, o.Threads), o.AirwayMarginMm, o.LungMarginMm, o.Threads, o.MediastinumMarginMm))
                : pv.Body;
            var cache = DescriptorCache.PathFor(paths.RunDirectory, inputs.State.Step, e.Name);
            var desc = DescriptorCache.LoadOrCompute(cache, (long)pv.Count * inputs.Run.Dim, () => runner.Run(pv));
            studies.Add(new StudyFeatures(e.Name, pv, desc, EvalMasks.Build(pv, e.Exclude, prep, scored), e.Patient));
            log.WriteLine($"descriptors {e.Path}: {sw.Elapsed.TotalSeconds:F1} s");
        }
        return studies;
    }
}
