using System.Diagnostics;
using System.Text.Json;
using ChestScreener.Imaging;
using ChestScreener.Imaging.Geometry;
using ChestScreener.Model;
using ChestScreener.Model.Metrics;
using ChestScreener.Training.Data;

namespace ChestScreener.Training.Evaluation;

/// <summary>
/// Evaluates a model package the way the pipeline uses it (AnomalyScorer.Score on the CT grid): voxel AUROC of
/// lesion-box voxels vs threshold-lung voxels outside the boxes widened by 15 mm, the top component and whether
/// it overlaps a lesion box, anomalous volumes, timings and peak memory, and an overlay PNG through each lesion.
/// </summary>
public sealed class PackageEvaluator(TextWriter log)
{
    public int Run(string modelDir, string manifestPath, string? pngDir, int threads, string reportPath)
    {
        var package = ModelPackage.Load(modelDir);
        using var scorer = new AnomalyScorer(package, threads);
        var report = new Dictionary<string, object>();
        foreach (var e in Manifest.Read(manifestPath).Entries)
        {
            string name = e.Name;
            var ct = VolumeLoader.Load(e.Path);
            var scored = PackageScoringMask.Build(ct, package, threads);
            var sw = Stopwatch.StartNew();
            var score = scorer.Score(ct, scored, out var pv);
            double seconds = sw.Elapsed.TotalSeconds;
            long peak = Process.GetCurrentProcess().PeakWorkingSet64;
            var t = scorer.LastTimings!;
            var g = ct.Geometry;
            var lesion = new byte[score.Data.Length];
            var near = new byte[score.Data.Length];
            BoxMask.Mark(g, e.Exclude, 0, lesion);
            BoxMask.Mark(g, e.Exclude, 15, near);
            var pos = new List<float>();
            var neg = new List<float>();
            double voxelMm3 = g.VoxelVolumeMm3, normalVol = 0, totalVol = 0;
            float thr = (float)package.Decision.VoxelThreshold;
            for (int z = 0; z < g.SizeZ; z++)
                for (int y = 0; y < g.SizeY; y++)
                    for (int x = 0; x < g.SizeX; x++)
                    {
                        long i = g.Index(x, y, z);
                        float s = score.Data[i];
                        if (s > thr) { totalVol += voxelMm3; if (near[i] == 0) normalVol += voxelMm3; }
                        if (((x | y) & 1) != 0) continue; // every 4th voxel in-plane is plenty for AUROC
                        var m = pv.FromCtIndex(x, y, z);
                        int mx = (int)Math.Round(m.X), my = (int)Math.Round(m.Y), mz = (int)Math.Round(m.Z);
                        bool body = pv.Geometry.Contains(mx, my, mz) && pv.Body[(mz * pv.SizeY + my) * pv.SizeX + mx] != 0;
                        if (!body || scored.Data[i] == 0) continue;
                        if (lesion[i] != 0) pos.Add(s);
                        else if (near[i] == 0 && ct.Hu.Data[i] < -500) neg.Add(s);
                    }
            double auroc = Auroc.FromGroups<float>(pos.ToArray(), neg.ToArray());
            var comps = Components.Find(score.Data, g.SizeX, g.SizeY, g.SizeZ, thr);
            var top = comps.Take(3).Select(c => new Dictionary<string, object>
            {
                ["volume_mm3"] = Math.Round(c.Voxels * voxelMm3),
                ["score_sum"] = Math.Round(c.ScoreSum),
                ["max_score"] = Math.Round(c.MaxScore, 3),
                ["bbox_voxel_min"] = c.Min, ["bbox_voxel_max"] = c.Max,
                ["overlaps_lesion_box"] = c.Indices.Any(i => lesion[i] != 0),
            }).ToList();
            log.WriteLine($"{name}: AUROC {auroc:F3} ({pos.Count} lesion / {neg.Count} lung voxels), top component overlaps lesion: {(top.Count > 0 ? top[0]["overlaps_lesion_box"] : "none")}, anomalous volume {totalVol:F0} mm3 (outside widened boxes {normalVol:F0}), score {seconds:F1} s (pre {t.Preprocess:F1}, descriptor {t.Descriptor:F1} in {t.Windows} windows = {t.ForwardSeconds / Math.Max(1, t.Windows):F2} s/window, density {t.Density:F1}, resample {t.Resample:F1}), peak {peak / 1048576} MiB");
            report[name] = new Dictionary<string, object>
            {
                ["auroc_ct_grid"] = Math.Round(auroc, 4),
                ["lesion_voxels"] = pos.Count, ["lung_voxels"] = neg.Count,
                ["anomalous_volume_mm3"] = Math.Round(totalVol),
                ["anomalous_volume_outside_widened_boxes_mm3"] = Math.Round(normalVol),
                ["components_above_threshold"] = comps.Count,
                ["top_components"] = top,
                ["seconds"] = Math.Round(seconds, 2),
                ["timings"] = t,
                ["seconds_per_window"] = Math.Round(t.ForwardSeconds / Math.Max(1, t.Windows), 3),
                ["peak_working_set_mib"] = peak / 1048576,
            };
            if (pngDir != null)
            {
                Directory.CreateDirectory(pngDir);
                int k = 0;
                foreach (var b in e.Exclude)
                {
                    k++;
                    var c = g.LpsToIndex((b.Min + b.Max) * 0.5);
                    var lo = g.LpsToIndex(b.Min); var hi = g.LpsToIndex(b.Max);
                    var boxes = e.Exclude.Select(bb => { var p = g.LpsToIndex(bb.Min); var q = g.LpsToIndex(bb.Max); return ((int)Math.Min(p.X, q.X), (int)Math.Min(p.Y, q.Y), (int)Math.Max(p.X, q.X), (int)Math.Max(p.Y, q.Y)); });
                    int z = Math.Clamp((int)Math.Round(c.Z), 0, g.SizeZ - 1);
                    var path = Path.Combine(pngDir, $"anomaly-{name}-L{k}.png");
                    OverlayPainter.Write(path, ct, score, z, boxes, $"{name} L{k} slice {z}: anomaly > 0.3 red..yellow, lesion boxes green");
                    log.WriteLine($"  wrote {path}");
                }
            }
        }
        File.WriteAllText(reportPath, JsonSerializer.Serialize(report, ModelConfig.JsonOptions));
        return 0;
    }
}
