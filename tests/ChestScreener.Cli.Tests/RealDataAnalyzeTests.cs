using System.Text.Json;
using ChestScreener.Cli.Commands;
using ChestScreener.Pipeline;
using ChestScreener.Reports;
using ChestScreener.Results;
using ChestScreener.Tests;
using MiniExcelLibs;

namespace ChestScreener.Cli.Tests;

/// <summary>The issue's acceptance run on the shared data with the real stages; skips while a stage is unfinished.</summary>
public class RealDataAnalyzeTests
{
    private static readonly Dictionary<string, string> ExpectedRejections = new()
    {
        ["abdomen-ct.nii.gz"] = "not_chest",
        ["cr-chest-xray.dcm"] = "not_ct",
        ["head-ct-gantry-tilt"] = "not_chest",
        ["mr-brain-series"] = "not_ct",
        ["ultrasound.dcm"] = "not_ct",
    };

    /// <summary>
    /// The whole acceptance run: exit code, every study ok or rejected with the right code, the summary, and where the
    /// top finding of each chest study is: in a right-lung region, its box overlapping a lesion box of lesions.json, and
    /// the verdict pathology (what the shipped model finds on each study, and how much: models/screener-v1/MODEL_CARD.md).
    /// </summary>
    [SkippableFact]
    public void Chest_studies_are_pathology_with_the_lesion_boxed_and_negatives_are_rejected()
    {
        var lidc = TestData.Require("chest/lidc-idri-0314");
        var popi = TestData.Require("chest/popi-00");
        var negative = TestData.Require("negative");
        var lesions = JsonDocument.Parse(File.ReadAllText(TestData.Require("chest/lesions.json")));
        string[] args = [lidc, popi, .. Directory.GetFileSystemEntries(negative).Order(StringComparer.Ordinal)];

        var settings = new AnalyzeSettings
        {
            Inputs = AnalyzeInputs.Expand(args, []),
            OutDir = "",
            Formats = OutputFormats.Json | OutputFormats.Xlsx | OutputFormats.Csv | OutputFormats.Pdf,
            Threads = 2,
        };
        StudyPipeline pipeline;
        try
        {
            pipeline = StudyPipeline.CreateDefault(null, new PipelineOptions { Threads = 2, Formats = settings.Formats });
        }
        catch (Exception e) when (e is IOException or ScreenerException or InvalidOperationException or JsonException)
        {
            throw new SkipException("no usable model folder: " + e.Message);
        }

        using var temp = TestData.NewTempFolder();
        settings = settings with { OutDir = temp.Path };
        var output = new StringWriter();
        int code;
        using (pipeline) code = new AnalyzeRunner(settings, pipeline, output, new StringWriter()).Run(interactive: false);

        var results = Directory.GetDirectories(temp.Path).Select(d => ResultJson.Deserialize(File.ReadAllText(Path.Combine(d, "result.json")))).ToList();
        Assert.True(code == 0, output.ToString());
        Assert.Equal(7, results.Count);
        foreach (var (path, name) in new[] { (lidc, "lidc-idri-0314"), (popi, "popi-00") })
        {
            var r = results.Single(x => x.Input == path);
            Assert.True(r.Status == ResultStatus.Ok, $"{name}: {r.Status} {r.Rejection?.Message}");
            Assert.NotNull(r.Verdict);
            Assert.InRange(r.ProbabilityOfPathology!.Value, 0, 1);
            // The shipped model scores the lung fields only, and the result says so with model.json's margins.
            Assert.Equal((ScoredRegion.LungFields, 10.0), (r.Scored!.Kind, r.Scored.LungMarginMm!.Value));
            Assert.True(r.Anatomy!.LungVolumeMl.Left > 500 && r.Anatomy.LungVolumeMl.Right > 500, $"{name}: lungs {r.Anatomy.LungVolumeMl}");
            Assert.True(File.Exists(Path.Combine(Path.GetDirectoryName(Directory.GetFiles(temp.Path, "result.json", SearchOption.AllDirectories).First(f => ResultJson.Deserialize(File.ReadAllText(f)).Input == path))!, "report.pdf")));
            Assert.True(r.Findings is { Count: > 0 }, $"{name}: no finding at all");
            var top = r.Findings![0];
            Assert.StartsWith("right_lung", top.Region);
            var series = lesions.RootElement.GetProperty("series").EnumerateArray().Single(s => s.GetProperty("name").GetString() == name);
            bool overlaps = series.GetProperty("lesions").EnumerateArray().Any(l => Overlaps(top.BboxMmLps, l.GetProperty("bbox_mm_lps")));
            Assert.True(overlaps, $"{name}: top finding box {string.Join(",", top.BboxMmLps.Min)}..{string.Join(",", top.BboxMmLps.Max)} misses every lesion box");
            Assert.True(r.Verdict == Verdict.Pathology, $"{name}: {r.Verdict}, anomalous volume {r.AnomalousVolumeMm3} mm3");
        }
        foreach (var (entry, expected) in ExpectedRejections)
        {
            var r = results.Single(x => Path.GetFileName(x.Input) == entry);
            Assert.True(r.Status == ResultStatus.Rejected && r.Rejection!.Code == expected, $"{entry}: {r.Status} {r.Rejection?.Code} {r.Rejection?.Message}");
        }
        var rows = MiniExcel.Query(Path.Combine(temp.Path, AnalyzeRunner.SummaryXlsx), useHeaderRow: true).ToList();
        Assert.Equal(7, rows.Count);
    }

    private static bool Overlaps(BoxMm box, JsonElement lesion)
    {
        var min = lesion.GetProperty("min").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        var max = lesion.GetProperty("max").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        for (int a = 0; a < 3; a++)
        {
            if (box.Max[a] < min[a] || box.Min[a] > max[a]) return false;
        }
        return true;
    }
}
