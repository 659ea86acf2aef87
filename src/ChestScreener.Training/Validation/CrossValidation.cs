using System.Globalization;
using System.Text;
using ChestScreener.Training.Data;
using ChestScreener.Training.Fitting;

namespace ChestScreener.Training.Validation;

/// <summary>
/// Patient-level cross-validation of the density model and its calibration: the manifest's patients are split into
/// folds; each fold's model is fitted (ModelFitter, same descriptor checkpoint) on the other folds' patients only; an
/// evaluation manifest then names, for every study, the model of the fold that left its patient out and its lesion
/// truth, so that `screener eval` scores every study through the analyze pipeline with a model that never saw it.
/// </summary>
public sealed class CrossValidation(TextWriter log)
{
    public const string EvalManifestFile = "eval-manifest.csv";

    /// <param name="runDirectory">The training run every fold's density is fitted from (same descriptor checkpoint).</param>
    /// <param name="fit">Fit settings of every fold (the name is replaced per fold).</param>
    public int Run(Manifest manifest, string runDirectory, FitOptions fit, string outDirectory, int folds, int seed, int[]? onlyFolds = null)
    {
        Directory.CreateDirectory(outDirectory);
        var foldOf = PatientFolds.Assign(manifest.Entries.Select(e => e.Patient), folds, seed);
        var eval = new StringBuilder("study,path,label,mask,model,patient,fold,description\n");
        for (int f = 0; f < folds; f++)
        {
            var foldDir = Path.Combine(outDirectory, $"fold-{f + 1}");
            var modelDir = Path.Combine(foldDir, "model");
            var train = manifest.Entries.Where(e => foldOf[e.Patient] != f).ToList();
            var left = manifest.Entries.Where(e => foldOf[e.Patient] == f).ToList();
            Directory.CreateDirectory(foldDir);
            var trainManifest = Path.Combine(foldDir, "train.csv");
            new Manifest(train).Write(trainManifest);
            log.WriteLine($"fold {f + 1}/{folds}: fit on {string.Join(", ", train.Select(e => e.Name))}; left out {string.Join(", ", left.Select(e => e.Name))}");
            if (onlyFolds is null || onlyFolds.Contains(f + 1))
                new ModelFitter(log).Run(new FitPaths(trainManifest, runDirectory, modelDir), fit with { Name = $"cv-fold-{f + 1}" });
            foreach (var e in left)
            {
                string mask = e.LesionMask ?? BoxTruthWriter.Write(VolumeLoader.Load(e.Path), e.Exclude, Path.Combine(outDirectory, "truth", e.Name), e.Name);
                string truth = e.LesionMask is null ? "truth: solid part of the lesion boxes" : "truth: reader lesion mask";
                eval.AppendLine(string.Join(',', new[] { e.Name, Path.GetFullPath(e.Path), "pathology", Path.GetFullPath(mask), Path.GetFullPath(modelDir), e.Patient, (f + 1).ToString(CultureInfo.InvariantCulture), truth }.Select(Quote)));
            }
        }
        var evalPath = Path.Combine(outDirectory, EvalManifestFile);
        File.WriteAllText(evalPath, eval.ToString());
        log.WriteLine($"wrote {evalPath}: score the left-out patients with");
        log.WriteLine($"  screener eval --manifest {evalPath} --out {Path.Combine(outDirectory, "eval")} --reslice 5,8");
        return 0;
    }

    private static string Quote(string s) => s.IndexOfAny([',', '"']) >= 0 ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;
}
