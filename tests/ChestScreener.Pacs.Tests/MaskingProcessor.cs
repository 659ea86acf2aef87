using ChestScreener.Dicom;
using ChestScreener.Reports;
using ChestScreener.Results;
using ChestScreener.Server.Processing;

namespace ChestScreener.Pacs.Tests;

/// <summary>Test processor: reads the study for real (grid, UIDs), puts one spherical finding on it and writes result.json plus the DICOM results.</summary>
public sealed class MaskingProcessor : IStudyProcessor
{
    public Task<ProcessedStudy> ProcessAsync(string studyInputFolder, string studyOutputFolder, IProgress<StudyProgress> progress, CancellationToken ct)
    {
        var input = StudyFiles.AnalysisInput(studyInputFolder);
        var ct0 = StudyReader.Read([input]);
        var artifacts = MaskedResult.Make(ct0);
        var warnings = StudyReportWriter.Write(studyOutputFolder, artifacts, OutputFormats.Json | OutputFormats.Dicom);
        Assert.Empty(warnings);
        ResultJson.WriteFile(Path.Combine(studyOutputFolder, StudyFiles.ResultJson), artifacts.Result);
        return Task.FromResult(new ProcessedStudy(artifacts.Result, [StudyFiles.ResultJson]));
    }
}
