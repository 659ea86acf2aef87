using System.Globalization;
using ChestScreener.Results;

namespace ChestScreener.Dicom.Output;

/// <summary>
/// The result as a Comprehensive SR document: verdict, probability, anomalous volume, model, and per finding its region,
/// volume, maximum score, LPS box and centre with a reference to the source slice through its centre. The whole source
/// series is listed as evidence (Current Requested Procedure Evidence Sequence).
/// </summary>
public static class SrWriter
{
    public const string FileName = "chestscreener-sr.dcm";

    /// <summary>Writes the SR into <paramref name="folder"/>; returns its SOP Instance UID.</summary>
    public static string Write(string folder, DicomResultContext ctx)
    {
        var sop = DicomUids.New();
        var r = ctx.Result;
        var ds = DicomFileWriter.Common(ctx, DicomUids.ComprehensiveSr, sop, DicomUids.New(), "SR", ctx.SrSeriesNumber, 1, "ChestScreener triage report");
        ds.AddSequence(DicomTags.ReferencedPerformedProcedureStepSequence)
            .AddSequence(DicomTags.PerformedProcedureCodeSequence)
            .Add(DicomTags.CompletionFlag, "CS", "COMPLETE")
            .Add(DicomTags.VerificationFlag, "CS", "UNVERIFIED")
            .AddSequence(DicomTags.CodingSchemeIdentificationSequence, new DicomDataSet()
                .Add(DicomTags.CodingSchemeDesignator, "SH", SrContent.Scheme)
                .Add(DicomTags.CodingSchemeName, "ST", "ChestScreener concepts"))
            .AddSequence(DicomTags.CurrentRequestedProcedureEvidenceSequence, new DicomDataSet()
                .Add(DicomTags.StudyInstanceUid, "UI", ctx.StudyUid)
                .AddSequence(DicomTags.ReferencedSeriesSequence, DicomFileWriter.ReferencedSeries(ctx, DicomTags.ReferencedSopSequence)));

        // Root: a CONTAINER without relationship type.
        ds.Add(DicomTags.ValueType, "CS", "CONTAINER")
            .AddSequence(DicomTags.ConceptNameCodeSequence, DicomDataSet.Code("18748-4", "LN", "Diagnostic imaging report"))
            .Add(DicomTags.ContinuityOfContent, "CS", "SEPARATE")
            .AddSequence(DicomTags.ContentSequence, [.. Content(ctx, r)]);

        DicomFileWriter.Write(Path.Combine(folder, FileName), ds, DicomUids.ComprehensiveSr, sop);
        return sop;
    }

    private static List<DicomDataSet> Content(DicomResultContext ctx, StudyResult r)
    {
        var items = new List<DicomDataSet>
        {
            SrContent.Text("CONTAINS", SrContent.Concept("NOTE", "Note"),
                "Triage aid: unsupervised anomaly detection trained on normal chest CT only. Not a diagnosis; every study needs a radiologist's reading."),
            SrContent.Text("CONTAINS", SrContent.Concept("STATUS", "Analysis status"), r.Status.ToWire()),
        };
        if (r.Status != ResultStatus.Ok)
        {
            if (r.Rejection is { } rej) items.Add(SrContent.Text("CONTAINS", SrContent.Concept("REJECTION", "Rejection reason"), $"{rej.Code}: {rej.Message}"));
            items.Add(SrContent.Text("CONTAINS", SrContent.Concept("MODEL", "Model"), ctx.ModelText));
            return items;
        }
        bool pathology = r.Verdict == Verdict.Pathology;
        items.Add(SrContent.Code("CONTAINS", SrContent.Concept("VERDICT", "Triage verdict"),
            pathology ? SrContent.Concept("PATHOLOGY", "Needs a radiologist first: anomaly found") : SrContent.Concept("NORMAL", "Normal: no anomaly above the limit")));
        items.Add(SrContent.Num("CONTAINS", SrContent.Concept("PROB", "Probability of pathology"), r.ProbabilityOfPathology ?? 0, "1", "no units"));
        // Volumes in ml, as the viewer and the PDF show them; the findings' anomalous volumes add up to the study's (with OTHERVOL).
        items.Add(SrContent.Num("CONTAINS", SrContent.Concept("ANOMVOL", "Anomalous volume"), Ml(r.AnomalousVolumeMm3 ?? 0), "ml", "milliliter"));
        if (r.VolumeLimitMm3 is { } limit) items.Add(SrContent.Num("CONTAINS", SrContent.Concept("VOLLIMIT", "Anomalous volume limit"), Ml(limit), "ml", "milliliter"));
        if (r.OtherAnomalousVolumeMm3 is { } other) items.Add(SrContent.Num("CONTAINS", SrContent.Concept("OTHERVOL", "Anomalous volume outside listed findings"), Ml(other), "ml", "milliliter"));
        items.Add(SrContent.Text("CONTAINS", SrContent.Concept("MODEL", "Model"), ctx.ModelText));
        foreach (var f in r.Findings ?? []) items.Add(FindingItem(ctx, f));
        return items;
    }

    private static DicomDataSet FindingItem(DicomResultContext ctx, Finding f)
    {
        var b = f.BboxMmLps;
        string box = string.Create(CultureInfo.InvariantCulture,
            $"x {b.Min[0]:0.#} to {b.Max[0]:0.#}, y {b.Min[1]:0.#} to {b.Max[1]:0.#}, z {b.Min[2]:0.#} to {b.Max[2]:0.#} (LPS, mm)");
        var children = new List<DicomDataSet>
        {
            SrContent.Text("CONTAINS", SrContent.Concept("FINDID", "Finding number"), f.Id.ToString(CultureInfo.InvariantCulture)),
            SrContent.Text("CONTAINS", SrContent.Concept("REGION", "Region"), f.Region),
            SrContent.Num("CONTAINS", SrContent.Concept("VOLUME", "Finding volume"), Ml(f.VolumeMm3), "ml", "milliliter"),
            SrContent.Num("CONTAINS", SrContent.Concept("MAXSCORE", "Maximum anomaly score"), f.MaxScore, "1", "no units"),
            SrContent.Text("CONTAINS", SrContent.Concept("BOXLPS", "Bounding box (LPS, mm)"), box),
        };
        if (f.AnomalousVolumeMm3 is { } anomalous) children.Add(SrContent.Num("CONTAINS", SrContent.Concept("FINDANOMVOL", "Finding anomalous volume"), Ml(anomalous), "ml", "milliliter"));
        if (f.LongestDiameterMm is { } diameter) children.Add(SrContent.Num("CONTAINS", SrContent.Concept("DIAMETER", "Longest diameter"), diameter, "mm", "millimeter"));
        if (f.SliceRange is [var first, var last]) children.Add(SrContent.Text("CONTAINS", SrContent.Concept("SLICES", "Axial slices (1-based)"), string.Create(CultureInfo.InvariantCulture, $"{first}-{last}")));
        string[] axes = ["X", "Y", "Z"];
        for (int a = 0; a < 3; a++)
        {
            children.Add(SrContent.Num("CONTAINS", SrContent.Concept($"BOXMIN{axes[a]}", $"Bounding box minimum {axes[a]} (LPS)"), b.Min[a], "mm", "millimeter"));
            children.Add(SrContent.Num("CONTAINS", SrContent.Concept($"BOXMAX{axes[a]}", $"Bounding box maximum {axes[a]} (LPS)"), b.Max[a], "mm", "millimeter"));
        }
        children.Add(SrContent.Text("CONTAINS", SrContent.Concept("CENTER", "Centre (LPS, mm)"), string.Create(CultureInfo.InvariantCulture,
            $"{f.CenterMmLps[0]:0.#}, {f.CenterMmLps[1]:0.#}, {f.CenterMmLps[2]:0.#}")));
        children.Add(SrContent.Image("CONTAINS", SrContent.Concept("KEYSLICE", "Source slice through the centre"), DicomFileWriter.NearestImage(ctx.Source, f.CenterMmLps)));
        return SrContent.Container("CONTAINS", DicomDataSet.Code("121071", "DCM", "Finding"), children);
    }

    private static double Ml(double mm3) => Math.Round(mm3 / 1000, 4);
}
