using System.Globalization;
using System.Text;
using System.Text.Json;
using ChestScreener.Dicom;
using ChestScreener.Imaging;
using ChestScreener.Imaging.Geometry;
using ChestScreener.Imaging.Nifti;
using ChestScreener.Tests;
using Xunit.Abstractions;

namespace ChestScreener.Anatomy.Tests;

/// <summary>What the anatomy stage gives on one real chest CT, measured against its lesion marks.</summary>
public sealed record CorpusMeasure(string Name, bool Passed, string Verdict, double RightMl, double LeftMl, double HeartMl,
    long LesionVoxels, double LesionInLungs, double LungUnderDiaphragmMl, IReadOnlyList<string> Warnings, string Missed, int Lesions, int LesionsMostlyInLungs, double OutlinedInLungs);

/// <summary>
/// The nine chest CTs of ../shared/data (chest/ DICOM with lesions.json boxes, corpus/ NIfTI with lesion masks), each
/// read and analysed once (2 threads) and measured; null when the data is absent.
/// </summary>
public sealed class ChestCorpus
{
    public static readonly string[] Names =
    [
        "chest/lidc-idri-0314", "chest/popi-00", "corpus/cptac-lscc-c3n-00247", "corpus/lidc-idri-0001", "corpus/lidc-idri-0002",
        "corpus/lidc-idri-0003", "corpus/lidc-idri-0006", "corpus/lidc-idri-0013", "corpus/lidc-idri-0023",
    ];

    private readonly Dictionary<string, CorpusMeasure> _cache = [];

    public CorpusMeasure Get(string relative)
    {
        lock (_cache)
        {
            if (_cache.TryGetValue(relative, out var m)) return m;
            bool corpus = relative.StartsWith("corpus/", StringComparison.Ordinal);
            var path = TestData.Require(corpus ? relative + "/ct.nii.gz" : relative);
            var ct = StudyReader.Read([path], ReadOptions.NoChestChecks);
            var a = AnatomyAnalyzer.Analyze(ct, AnatomyOptions.Default, threads: 2);
            var v = ChestGate.Evaluate(a.Facts);
            var lesion = corpus ? MaskFromNifti(ct, Path.Combine(Path.GetDirectoryName(path)!, "lesions.nii.gz")) : MaskFromBoxes(ct, Path.GetFileName(relative));
            long n = 0, inLungs = 0;
            var perN = new long[256]; var perIn = new long[256];
            var missed = new long[RegionMap.Count]; var missedHu = new double[RegionMap.Count];
            for (int i = 0; i < lesion.Length; i++)
            {
                if (lesion[i] == 0) continue;
                n++;
                perN[lesion[i]]++;
                byte lab = a.Labels.Data[i];
                if (RegionMap.IsLung(lab)) { inLungs++; perIn[lesion[i]]++; }
                else if (lab < missed.Length) { missed[lab]++; missedHu[lab] += ct.Hu.Data[i]; }
            }
            // Voxels of the lesions a reader outlined (LIDC kind "nodule") or boxed (cptac, chest/): not the 6 and 10 mm
            // spheres the corpus draws around point marks, which reach past the pleura by construction when the point is subpleural.
            var outlined = corpus ? OutlinedIds(Path.Combine(Path.GetDirectoryName(path)!, "lesions.json")) : Enumerable.Range(1, 255).ToHashSet();
            long outN = 0, outIn = 0;
            foreach (int id in outlined) { if (id < 256) { outN += perN[id]; outIn += perIn[id]; } }
            var outsideIds = Enumerable.Range(0, 256).Where(id => perN[id] > 0 && 2 * perIn[id] <= perN[id]).Select(id => string.Create(CultureInfo.InvariantCulture, $"{id} ({100.0 * perIn[id] / perN[id]:0}%)")).ToList();
            var missedText = (outsideIds.Count > 0 ? "mostly outside: lesion " + string.Join(", ", outsideIds) + "; " : "") + string.Join(", ", Enumerable.Range(0, missed.Length).Where(l => missed[l] > 0).Select(l => string.Create(CultureInfo.InvariantCulture, $"{RegionMap.Name((byte)l)}: {missed[l]} @ {missedHu[l] / missed[l]:0}")));
            m = new CorpusMeasure(Path.GetFileName(relative), v.Passed, v.Passed ? "accepted" : v.Code.ToWire(), a.RightLungMl, a.LeftLungMl,
                a.Facts.HeartMl, n, n == 0 ? 1 : inLungs / (double)n, SubDiaphragmaticLung.Of(ct.Hu, a.Labels).Ml, a.Warnings.Select(w => w.Code).ToList(), missedText,
                perN.Count(c => c > 0), Enumerable.Range(0, 256).Count(id => perN[id] > 0 && 2 * perIn[id] > perN[id]), outN == 0 ? 1 : outIn / (double)outN);
            _cache[relative] = m;
            return m;
        }
    }

    /// <summary>Ids of the corpus lesions that are outlines or boxes: kind "nodule" (a reader drew it) or a CPTAC box ("mass ...").</summary>
    private static HashSet<int> OutlinedIds(string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var ids = new HashSet<int>();
        foreach (var l in doc.RootElement.GetProperty("lesions").EnumerateArray())
        {
            var kind = l.GetProperty("kind").GetString() ?? "";
            if (kind == "nodule" || kind.StartsWith("mass", StringComparison.Ordinal)) ids.Add(l.GetProperty("id").GetInt32());
        }
        return ids;
    }

    /// <summary>Lesion mask voxels (their lesion ids) mapped through patient coordinates onto the CT grid (the files share the grid; this does not assume it).</summary>
    private static byte[] MaskFromNifti(CtVolume ct, string path)
    {
        var g = ct.Geometry;
        var les = NiftiReader.Read(path).Values;
        var lg = les.Geometry;
        var mask = new byte[g.SizeX * g.SizeY * g.SizeZ];
        for (int k = 0; k < lg.SizeZ; k++)
            for (int j = 0; j < lg.SizeY; j++)
                for (int i = 0; i < lg.SizeX; i++)
                {
                    if (les[i, j, k] <= 0) continue;
                    var p = g.LpsToIndex(lg.IndexToLps(i, j, k));
                    int x = (int)Math.Round(p.X), y = (int)Math.Round(p.Y), z = (int)Math.Round(p.Z);
                    if (x < 0 || y < 0 || z < 0 || x >= g.SizeX || y >= g.SizeY || z >= g.SizeZ) continue;
                    mask[(z * g.SizeY + y) * g.SizeX + x] = (byte)Math.Clamp((int)les[i, j, k], 1, 255);
                }
        return mask;
    }

    /// <summary>The solid part (&gt; -500 HU) of each chest/lesions.json box of the study, labelled by box (1, 2, ...).</summary>
    private static byte[] MaskFromBoxes(CtVolume ct, string name)
    {
        var g = ct.Geometry;
        var mask = new byte[g.SizeX * g.SizeY * g.SizeZ];
        using var doc = JsonDocument.Parse(File.ReadAllText(TestData.Require("chest/lesions.json")));
        var series = doc.RootElement.GetProperty("series").EnumerateArray().First(s => s.GetProperty("name").GetString() == name);
        byte id = 0;
        foreach (var lesion in series.GetProperty("lesions").EnumerateArray())
        {
            id++;
            var box = lesion.GetProperty("bbox_mm_lps");
            var a = g.LpsToIndex(Vec(box.GetProperty("min"))); var b = g.LpsToIndex(Vec(box.GetProperty("max")));
            int x0 = (int)Math.Max(0, Math.Ceiling(Math.Min(a.X, b.X))), x1 = (int)Math.Min(g.SizeX - 1, Math.Floor(Math.Max(a.X, b.X)));
            int y0 = (int)Math.Max(0, Math.Ceiling(Math.Min(a.Y, b.Y))), y1 = (int)Math.Min(g.SizeY - 1, Math.Floor(Math.Max(a.Y, b.Y)));
            int z0 = (int)Math.Max(0, Math.Ceiling(Math.Min(a.Z, b.Z))), z1 = (int)Math.Min(g.SizeZ - 1, Math.Floor(Math.Max(a.Z, b.Z)));
            for (int z = z0; z <= z1; z++)
                for (int y = y0; y <= y1; y++)
                    for (int x = x0; x <= x1; x++)
                    {
                        int i = (z * g.SizeY + y) * g.SizeX + x;
                        if (ct.Hu.Data[i] > -500) mask[i] = id;
                    }
        }
        return mask;
    }

    private static Vec3 Vec(JsonElement e) => new(e[0].GetDouble(), e[1].GetDouble(), e[2].GetDouble());

}

/// <summary>
/// The chest CTs of ../shared/data through the anatomy stage: accepted, lesions inside the lungs, heart size, no lung under
/// the diaphragm. `CHESTSCREENER_ANATOMY_TABLE=docs/ANATOMY-table.md dotnet test tests/ChestScreener.Anatomy.Tests -c Release
/// --filter ChestCorpusAnatomyTests` writes the per-study table of docs/ANATOMY.md.
/// </summary>
public class ChestCorpusAnatomyTests(ChestCorpus corpus, ITestOutputHelper output) : IClassFixture<ChestCorpus>
{
    /// <summary>
    /// Floors measured with this segmentation (issue 16); the aim is 0.95 everywhere. LIDC-0314's box takes in chest-wall
    /// muscle in front of its mass (the box is drawn to about 5-10 mm) so its solid part cannot all be lung.
    /// </summary>
    public static TheoryData<string, double> LesionFloors => new()
    {
        { "chest/lidc-idri-0314", 0.45 }, { "chest/popi-00", 0.95 }, { "corpus/cptac-lscc-c3n-00247", 0.80 },
        { "corpus/lidc-idri-0001", 0.95 }, { "corpus/lidc-idri-0002", 0.80 }, { "corpus/lidc-idri-0003", 0.95 },
        { "corpus/lidc-idri-0006", 0.85 }, { "corpus/lidc-idri-0013", 0.90 }, { "corpus/lidc-idri-0023", 0.95 },
    };

    [SkippableTheory]
    [MemberData(nameof(LesionFloors))]
    public void ChestCtIsAcceptedWithItsLesionsInsideTheLungs(string name, double floor)
    {
        var m = corpus.Get(name);
        output.WriteLine(Row(m));
        Assert.True(m.Passed, $"{name} {m.Verdict}");
        Assert.True(m.LesionVoxels > 0);
        Assert.True(m.LesionInLungs >= floor, $"{name}: {m.LesionInLungs:P1} of the lesion voxels in the lungs (floor {floor:P0})");
        Assert.InRange(m.RightMl, 900, 5000);
        Assert.InRange(m.LeftMl, 1200, 5000);
    }

    public static TheoryData<string> AllNine => new(ChestCorpus.Names);

    /// <summary>
    /// No lung under the diaphragm (<see cref="SubDiaphragmaticLung"/>: lung cut off from the lung above by a sheet of soft
    /// tissue ending below the liver/spleen level). The bound is not zero: a partial-volumed sliver at the edge of a
    /// costophrenic recess can count (0.7 ml in cptac-lscc-c3n-00247, looked at); a gas pocket taken for lung is tens of ml.
    /// </summary>
    [SkippableTheory]
    [MemberData(nameof(AllNine))]
    public void NoLungUnderTheDiaphragm(string name)
    {
        var m = corpus.Get(name);
        output.WriteLine(Row(m));
        Assert.True(m.LungUnderDiaphragmMl < 1.0, $"{name}: {m.LungUnderDiaphragmMl:0.0} ml of lung under the diaphragm");
    }

    /// <summary>Adult hearts with the pericardium measure about 500-1000 ml; the estimate must land in 300-1200 ml in every study.</summary>
    [SkippableTheory]
    [MemberData(nameof(AllNine))]
    public void HeartEstimateIsAdultSized(string name)
    {
        var m = corpus.Get(name);
        output.WriteLine(Row(m));
        Assert.InRange(m.HeartMl, 300, 1200);
    }

    [SkippableFact]
    public void TableOfAllNine()
    {
        var sb = new StringBuilder();
        sb.AppendLine("| study | gate | right lung ml | left lung ml | heart ml | lesion voxels | in lungs | outlined lesions' voxels in lungs | lesions mostly in lungs | lung under the diaphragm ml | warnings | lesion voxels outside the lungs (region: voxels @ mean HU) |");
        sb.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var name in ChestCorpus.Names) sb.AppendLine(Row(corpus.Get(name)));
        output.WriteLine(sb.ToString());
        var file = Environment.GetEnvironmentVariable("CHESTSCREENER_ANATOMY_TABLE");
        if (!string.IsNullOrEmpty(file)) File.WriteAllText(Path.Combine(TestData.RepoRoot, file), sb.ToString());
        Assert.All(ChestCorpus.Names, n => Assert.True(corpus.Get(n).Passed, n));
    }

    private static string Row(CorpusMeasure m) => string.Format(CultureInfo.InvariantCulture,
        "| {0} | {1} | {2:0} | {3:0} | {4:0} | {5} | {6:0.0}% | {12:0.0}% | {10} of {11} | {7:0.0} | {8} | {9} |", m.Name, m.Verdict, m.RightMl, m.LeftMl, m.HeartMl,
        m.LesionVoxels, 100 * m.LesionInLungs, m.LungUnderDiaphragmMl, m.Warnings.Count == 0 ? "-" : string.Join(", ", m.Warnings), m.Missed.Length > 0 ? m.Missed : "-", m.LesionsMostlyInLungs, m.Lesions, 100 * m.OutlinedInLungs);
}
