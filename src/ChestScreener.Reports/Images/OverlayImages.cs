using System.Globalization;

namespace ChestScreener.Reports.Images;

/// <summary>Overlay PNGs of a study: a coronal overview and axial/coronal planes through the first findings.</summary>
public static class OverlayImages
{
    public const string OverviewName = "overview.png";
    /// <summary>Findings beyond this many get no PNGs (they are in findings.nii.gz and result.json).</summary>
    public const int MaxFindingImages = 10;

    public static List<string> Write(string folder, StudyArtifacts a)
    {
        if (a.Ct is null) return [];
        var renderer = new SliceRenderer(a.Ct.Hu);
        var written = new List<string>();
        using (var overview = KeyImages.Overview(renderer, a))
        {
            SliceRenderer.SavePng(overview, Path.Combine(folder, OverviewName));
            written.Add(OverviewName);
        }
        var findings = a.Result.Findings ?? [];
        for (int i = 0; i < findings.Count && i < MaxFindingImages; i++)
        {
            foreach (var plane in new[] { SlicePlane.Axial, SlicePlane.Coronal })
            {
                var name = string.Create(CultureInfo.InvariantCulture, $"finding{findings[i].Id}_{plane.ToString().ToLowerInvariant()}.png");
                using var bitmap = KeyImages.Finding(renderer, a, findings[i], plane);
                SliceRenderer.SavePng(bitmap, Path.Combine(folder, name));
                written.Add(name);
            }
        }
        return written;
    }
}
