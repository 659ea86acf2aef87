using ChestScreener.Dicom.Output;
using ChestScreener.Tests;
using Xunit.Abstractions;

namespace ChestScreener.Pacs.Tests;

/// <summary>
/// End to end with a real Orthanc: a CT study stored in Orthanc becomes stable, the bridge pulls it, the service analyses it,
/// and the SR, SC and SEG come back into the same Orthanc study, readable by dcmdump and GDCM and referencing the original.
/// </summary>
public sealed class OrthancBridgeTests(ITestOutputHelper output)
{
    [SkippableFact]
    public async Task Study_in_orthanc_is_analysed_and_results_come_back_into_the_same_study()
    {
        Skip.IfNot(OrthancServer.Installed, "Orthanc is not installed (Debian package orthanc; scripts/setup.sh --test installs it)");
        Skip.IfNot(Tools.Exists("dcmdump"), "dcmdump (dcmtk) is not installed");
        using var tmp = TestData.NewTempFolder();
        using var orthanc = new OrthancServer();
        var (tags, files) = PhantomStudy.Write(Path.Combine(tmp.Path, "ct"), "orthanc");
        string orthancStudy = "";
        foreach (var f in files) orthancStudy = await orthanc.StoreAsync(f);

        var started = DateTime.UtcNow;
        using var factory = new PacsServerFactory(Path.Combine(tmp.Path, "data"), new Dictionary<string, string>
        {
            ["Screener:Pacs:OrthancUrl"] = orthanc.Url,
            ["Screener:Pacs:OrthancUser"] = OrthancServer.User,
            ["Screener:Pacs:OrthancPassword"] = OrthancServer.Password,
            ["Screener:Pacs:OrthancPollSeconds"] = "0.5",
            ["Screener:Pacs:OrthancProcessExisting"] = "true",
        });
        using var client = factory.CreateClient(); // starts the host and with it the bridge

        // Wait until the study holds the CT series plus the three result series (SR, SC, SEG).
        System.Text.Json.JsonElement study = default;
        for (int i = 0; i < 900; i++)
        {
            study = await orthanc.GetJsonAsync($"studies/{orthancStudy}");
            if (study.GetProperty("Series").GetArrayLength() >= 4) break;
            await Task.Delay(100);
        }
        output.WriteLine($"results in Orthanc after {(DateTime.UtcNow - started).TotalSeconds:0.0} s");
        Assert.Equal(4, study.GetProperty("Series").GetArrayLength());
        Assert.Equal(tags.StudyUid, study.GetProperty("MainDicomTags").GetProperty("StudyInstanceUID").GetString());

        var sourceUids = files.Select(f => Tools.Values(Tools.Dump(f), "0008,0018", topLevelOnly: true).Single()).ToHashSet();
        var classes = new List<string>();
        int scWithSource = 0;
        foreach (var s in study.GetProperty("Series").EnumerateArray())
        {
            var instances = await orthanc.GetJsonAsync($"series/{s.GetString()}/instances");
            var modality = (await orthanc.GetJsonAsync($"series/{s.GetString()}")).GetProperty("MainDicomTags").GetProperty("Modality").GetString();
            if (modality == "CT") { Assert.Equal(files.Count, instances.GetArrayLength()); continue; }
            foreach (var inst in instances.EnumerateArray())
            {
                var path = Path.Combine(tmp.Path, inst.GetProperty("ID").GetString() + ".dcm");
                await File.WriteAllBytesAsync(path, await orthanc.Http.GetByteArrayAsync($"instances/{inst.GetProperty("ID").GetString()}/file"));
                var dump = Tools.Dump(path);
                var sopClass = Tools.Values(dump, "0008,0016", topLevelOnly: true).Single();
                classes.Add(sopClass);
                Assert.Equal(tags.StudyUid, Tools.Values(dump, "0020,000d", topLevelOnly: true).Single());
                Assert.Equal(tags.PatientId, Tools.Values(dump, "0010,0020", topLevelOnly: true).Single());
                using var gdcm = new GdcmReadBack(path);
                Assert.Equal(sopClass, gdcm.String(0x0008, 0x0016));
                var refs = Tools.Values(dump, "0008,1155");
                if (sopClass != DicomUids.SecondaryCapture) Assert.NotEmpty(refs); // only the axial key image is a source slice
                else if (refs.Count > 0) scWithSource++;
                Assert.All(refs, r => Assert.Contains(r, sourceUids));
                if (sopClass == DicomUids.Segmentation)
                {
                    Assert.True(sourceUids.SetEquals(refs.ToHashSet()), "the SEG references every source instance (Referenced Series Sequence)");
                    Assert.Equal(tags.SeriesUid, Tools.Values(dump, "0020,000e").First());
                    var frames = int.Parse(Tools.Values(dump, "0028,0008").Single());
                    Assert.Equal(GdcmReadBack.Items(gdcm.DataSet, 0x5200, 0x9230).Count, frames);
                    Assert.True(frames > 0);
                }
            }
        }
        Assert.Contains(DicomUids.ComprehensiveSr, classes);
        Assert.Contains(DicomUids.Segmentation, classes);
        Assert.Equal(3, classes.Count(c => c == DicomUids.SecondaryCapture));
        Assert.Equal(1, scWithSource);

        // The results' own StableStudy does not start a second analysis.
        await Task.Delay(2500);
        var list = System.Text.Json.JsonDocument.Parse(await client.GetStringAsync("/api/v1/studies")).RootElement;
        Assert.Equal(1, list.GetArrayLength());
    }
}
