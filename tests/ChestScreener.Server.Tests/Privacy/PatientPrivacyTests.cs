using ChestScreener.Results;
using ChestScreener.Server.Privacy;
using ChestScreener.Server.Processing;
using ChestScreener.Tests;

namespace ChestScreener.Server.Tests.Privacy;

/// <summary>Whose scan is shown only when identifiers were kept: a stripped upload's result carries no patient block.</summary>
public sealed class PatientPrivacyTests
{
    private static readonly StudyResult WithPatient = new()
    {
        Status = ResultStatus.Ok, Verdict = Verdict.Normal,
        Patient = new PatientInfo { Name = "Doe, Jane", Id = "123", Sex = "F", StudyDate = "2020-01-02" },
    };

    [Fact]
    public void A_stripped_upload_shows_no_patient()
    {
        using var study = TestData.NewTempFolder();
        var input = Path.Combine(study.Path, "input");
        Directory.CreateDirectory(input);
        new StripReport { Rewritten = 3 }.Save(study.Path);
        Assert.Null(PipelineStudyProcessor.ForClients(WithPatient, input).Patient);
    }

    [Fact]
    public void An_unstripped_upload_keeps_its_patient()
    {
        using var study = TestData.NewTempFolder();
        var input = Path.Combine(study.Path, "input");
        Directory.CreateDirectory(input);
        Assert.Equal("Doe, Jane", PipelineStudyProcessor.ForClients(WithPatient, input).Patient?.Name);
    }
}
