using System.Net;
using ChestScreener.Dicom.Output;
using ChestScreener.Server.Auth;
using ChestScreener.Tests;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace ChestScreener.Pacs.Tests;

/// <summary>
/// The DICOMweb round trip with a real Orthanc (Debian orthanc + orthanc-dicomweb, loopback, temporary storage, authentication on
/// at both ends): Orthanc's DICOMweb plugin sends a CT study to ChestScreener by STOW-RS with an uploader API key, ChestScreener
/// analyses it and sends the SR, SC and SEG back by STOW-RS to Orthanc's DICOMweb endpoint, where they are found in the same study
/// by QIDO-RS and validate with dcmdump and dciodvfy.
/// </summary>
public sealed class OrthancStowTests(ITestOutputHelper output)
{
    [SkippableFact]
    public async Task Study_sent_by_orthanc_over_stow_is_analysed_and_its_results_come_back_into_orthanc_by_stow()
    {
        Skip.IfNot(OrthancServer.Installed && OrthancServer.DicomWebInstalled,
            "Orthanc or its DICOMweb plugin is not installed (Debian packages orthanc, orthanc-dicomweb; scripts/setup.sh --test installs them)");
        Skip.IfNot(Tools.Exists("dcmdump"), "dcmdump (dcmtk) is not installed");
        using var tmp = TestData.NewTempFolder();
        var (tags, files) = PhantomStudy.Write(Path.Combine(tmp.Path, "ct"), "stow-orthanc");

        // ChestScreener's port and Orthanc's key are fixed first: each side's configuration names the other.
        int port = LoopbackPort.Free();
        var (keyRecord, key) = Tokens.NewKey("orthanc-stow", Roles.Uploader, "radiology", DateTimeOffset.UtcNow);
        using var orthanc = new OrthancServer(new Dictionary<string, object>
        {
            ["chestscreener"] = new Dictionary<string, object>
            {
                ["Url"] = $"http://127.0.0.1:{port}/dicomweb/",
                ["HttpHeaders"] = new Dictionary<string, string> { [ScreenerAuthHandler.KeyHeader] = key },
            },
        });
        using var factory = new PacsServerFactory(Path.Combine(tmp.Path, "data"), new Dictionary<string, string>
        {
            ["Screener:Auth:Enabled"] = "true",
            ["Screener:Pacs:StowQuietSeconds"] = "1",
            ["Screener:Pacs:OrthancPollSeconds"] = "0.3", // the result sender's round
            ["Screener:Pacs:ResultsStowUrl"] = orthanc.Url + "/dicom-web",
            ["Screener:Pacs:ResultsStowUser"] = OrthancServer.User,
            ["Screener:Pacs:ResultsStowPassword"] = OrthancServer.Password,
        });
        factory.UseKestrel(o => o.Listen(IPAddress.Loopback, port));
        factory.StartServer();
        factory.Services.GetRequiredService<IAuthStore>().AddKey(keyRecord);

        string orthancStudy = "";
        foreach (var f in files) orthancStudy = await orthanc.StoreAsync(f);
        var started = DateTime.UtcNow;
        var sent = await orthanc.PostJsonAsync("dicom-web/servers/chestscreener/stow", new { Resources = new[] { orthancStudy }, Synchronous = true });
        output.WriteLine($"Orthanc STOW-RS job: {sent}");

        System.Text.Json.JsonElement study = default;
        for (int i = 0; i < 600; i++)
        {
            study = await orthanc.GetJsonAsync($"studies/{orthancStudy}");
            if (study.GetProperty("Series").GetArrayLength() >= 4) break;
            await Task.Delay(100);
        }
        output.WriteLine($"results in Orthanc {(DateTime.UtcNow - started).TotalSeconds:0.0} s after the STOW-RS request");
        Assert.True(study.GetProperty("Series").GetArrayLength() == 4, $"Orthanc study has {study.GetProperty("Series").GetArrayLength()} series; Orthanc log:\n{orthanc.LastLog}");

        // Found by Orthanc's own QIDO-RS in the original study: the CT, the SR, the SC series and the SEG.
        var qido = await orthanc.GetJsonAsync($"dicom-web/studies/{tags.StudyUid}/series");
        var modalities = qido.EnumerateArray().Select(s => s.GetProperty("00080060").GetProperty("Value")[0].GetString()).Order().ToList();
        Assert.Equal(["CT", "OT", "SEG", "SR"], modalities);

        var sourceUids = files.Select(f => Tools.Values(Tools.Dump(f), "0008,0018", topLevelOnly: true).Single()).ToHashSet();
        var classes = new List<string>();
        bool dciodvfy = Tools.Exists("dciodvfy");
        foreach (var s in study.GetProperty("Series").EnumerateArray())
        {
            var instances = await orthanc.GetJsonAsync($"series/{s.GetString()}/instances");
            foreach (var inst in instances.EnumerateArray())
            {
                var path = Path.Combine(tmp.Path, inst.GetProperty("ID").GetString() + ".dcm");
                await File.WriteAllBytesAsync(path, await orthanc.Http.GetByteArrayAsync($"instances/{inst.GetProperty("ID").GetString()}/file"));
                var dump = Tools.Dump(path);
                var sopClass = Tools.Values(dump, "0008,0016", topLevelOnly: true).Single();
                if (sopClass == DicomUids.CtImage) continue;
                classes.Add(sopClass);
                Assert.Equal(tags.StudyUid, Tools.Values(dump, "0020,000d", topLevelOnly: true).Single());
                Assert.Equal(tags.PatientId, Tools.Values(dump, "0010,0020", topLevelOnly: true).Single());
                Assert.All(Tools.Values(dump, "0008,1155"), r => Assert.Contains(r, sourceUids));
                if (dciodvfy) Assert.True(Tools.IodErrors(path) is { Count: 0 } e, $"dciodvfy on {sopClass}: {string.Join("; ", Tools.IodErrors(path))}");
            }
        }
        Assert.Equal(1, classes.Count(c => c == DicomUids.ComprehensiveSr));
        Assert.Equal(1, classes.Count(c => c == DicomUids.Segmentation));
        Assert.Equal(3, classes.Count(c => c == DicomUids.SecondaryCapture));

        // Sent once: the outbox is empty, and ChestScreener made one study of it.
        using var admin = factory.CreateClient();
        admin.DefaultRequestHeaders.Add(ScreenerAuthHandler.KeyHeader, factory.CreateKey(Roles.Admin, null, "admin"));
        var list = System.Text.Json.JsonDocument.Parse(await admin.GetStringAsync("/api/v1/studies")).RootElement;
        Assert.Equal(1, list.GetArrayLength());
        Assert.Empty(Directory.GetFiles(Path.Combine(tmp.Path, "data", "pacs", "outbox")));
    }
}
