using System.Net;
using System.Net.Http.Json;
using ChestScreener.Server.Api;
using System.Text.Json;
using ChestScreener.Server.Processing;
using ChestScreener.Server.Tests.ScaleOut;
using ChestScreener.Tests;
using ChestScreener.Server.Testing;
using ChestScreener.Server.Tests.Uploads;

namespace ChestScreener.Server.Tests.Privacy;

/// <summary>
/// Issue 20, findings 1 and 8: with identifiers stripped, a damaged DICOM file neither aborts the server (GDCM assertion) nor
/// vanishes silently: the result says what was left out, and a study of damaged files only is corrupt_file, not not_dicom.
/// </summary>
public sealed class StrippingDamageTests
{
    [Fact]
    public async Task A_server_stripping_identifiers_survives_the_uploads_that_used_to_abort_it()
    {
        // A real server process: GDCM's assertion aborts whatever process it runs in, and this one must live through every upload.
        using var data = TestData.NewTempFolder();
        var crashers = DamagedUploadCorpus.Crashers(data.Path);
        var port = LoopbackPort.Free();
        using var server = new ServerProcess("strip", data.Path,
        [
            "--urls", $"http://127.0.0.1:{port}", $"--Screener:DataDir={Path.Combine(data.Path, "server")}", "--Screener:Processor=fake",
            "--Screener:QueuePollSeconds=0.2", "--Screener:Auth:Enabled=false", "--Screener:Privacy:StripIdentifiers=true",
            $"--Screener:ViewerRoot={Path.Combine(data.Path, "no-viewer")}",
        ]);
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(60) };
        await WaitForAsync(server, async () => (await client.GetAsync("/api/v1/health")).StatusCode == HttpStatusCode.OK, "the server to answer");

        foreach (var (name, content) in crashers)
        {
            HttpResponseMessage response;
            try
            {
                response = await client.PostAsync("/api/v1/studies", TestUploads.Form((name, content)));
            }
            catch (HttpRequestException e)
            {
                throw new Xunit.Sdk.XunitException($"{name}: the server died on the upload ({e.Message})\n{server.Tail()}");
            }
            Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{name}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}\n{server.Tail()}");
            var study = (await response.Content.ReadFromJsonAsync<StudyDto>(TestUploads.Json))!;
            Assert.NotEqual("receiving", study.Status);
            // Stripping dropped the file (it still holds identifiers) and noted why, for the result.
            var report = File.ReadAllText(Path.Combine(data.Path, "server", "studies", study.Id, Server.Privacy.StripReport.FileName));
            Assert.Contains("000000.dcm", report);
            Assert.False(server.Exited, $"{name}: the server exited\n{server.Tail()}");
        }
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/health")).StatusCode);
    }

    [Fact]
    public async Task With_stripping_damaged_files_are_reported_and_a_study_of_only_damaged_files_is_corrupt_file()
    {
        using var data = TestData.NewTempFolder();
        var serverData = Path.Combine(data.Path, "server");
        using var factory = new ServerFactory(serverData, new PipelineStudyProcessor(new Server.Options.ServerOptions()),
            new Dictionary<string, string> { ["Screener:Processor"] = "pipeline", ["Screener:Privacy:StripIdentifiers"] = "true" });
        var client = factory.CreateClient();
        var crashers = DamagedUploadCorpus.Crashers(data.Path).Take(2).ToArray();

        // Only damaged files: before, the empty upload came back as not_dicom ("no files found", with the server's path).
        var allDamaged = await TestUploads.UploadAsync(client, crashers);
        var done = await TestUploads.WaitFinishedAsync(client, allDamaged.Id, TimeSpan.FromMinutes(3));
        Assert.Equal("corrupt_file", done.Rejection?.Code);
        Assert.Contains("all 2 DICOM files are damaged", done.Rejection!.Message);
        Assert.Contains("000000.dcm", done.Rejection.Message);
        Assert.DoesNotContain(serverData, done.Rejection.Message);

        // Some damaged: the result counts them (the analysis itself refuses 32x32x3 pixels of air for its own reasons).
        var mixed = await TestUploads.UploadAsync(client, [.. PrivacyTests.PatientSeries(data.Path), crashers[0]]);
        done = await TestUploads.WaitFinishedAsync(client, mixed.Id, TimeSpan.FromMinutes(3));
        var json = await client.GetStringAsync($"/api/v1/studies/{mixed.Id}/result.json");
        var warnings = JsonDocument.Parse(json).RootElement.GetProperty("warnings").EnumerateArray().Select(w => w.GetString()!).ToList();
        Assert.Contains(warnings, w => w.StartsWith("1 of 4 DICOM files could not be read and were left out", StringComparison.Ordinal));
        Assert.DoesNotContain(serverData, json);
    }

    [Fact]
    public async Task Rejection_messages_name_the_file_but_never_the_servers_data_folder()
    {
        using var data = TestData.NewTempFolder();
        var serverData = Path.Combine(data.Path, "server");
        using var factory = new ServerFactory(serverData, new PipelineStudyProcessor(new Server.Options.ServerOptions()),
            new Dictionary<string, string> { ["Screener:Processor"] = "pipeline" });
        var client = factory.CreateClient();
        var crashers = DamagedUploadCorpus.Crashers(data.Path).Take(2).ToArray();
        var broken = new byte[] { 0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3, 4, 5, 6, 7, 8 };

        (string, byte[])[][] uploads =
        [
            crashers,                                                  // damaged DICOM files in the upload folder
            [("scan.nii.gz", broken)],                                 // one NIfTI, read by its own path
            [.. PrivacyTests.PatientSeries(data.Path), crashers[1]],   // a series with one damaged file among good ones
        ];
        foreach (var files in uploads)
        {
            var study = await TestUploads.UploadAsync(client, files);
            var done = await TestUploads.WaitFinishedAsync(client, study.Id, TimeSpan.FromMinutes(3));
            var json = await client.GetStringAsync($"/api/v1/studies/{study.Id}/result.json");
            Assert.NotNull(done.Rejection);
            Assert.False(json.Contains(serverData, StringComparison.Ordinal) || json.Contains("/studies/", StringComparison.Ordinal),
                $"result.json quotes a server path: {json}");
        }
        var first = await TestUploads.WaitFinishedAsync(client, (await TestUploads.UploadAsync(client, crashers)).Id);
        Assert.Equal("corrupt_file", first.Rejection!.Code);
        Assert.Contains(".dcm", first.Rejection.Message); // the file's own name is still there to act on

        var zip = await client.PostAsync("/api/v1/studies", TestUploads.Form(("broken.zip", [0x50, 0x4B, 3, 4, 1, 2, 3])));
        Assert.DoesNotContain(serverData, await zip.Content.ReadAsStringAsync());
    }

    private static async Task WaitForAsync(ServerProcess server, Func<Task<bool>> condition, string what)
    {
        var until = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (true)
        {
            Assert.False(server.Exited, $"the server exited while waiting for {what}\n{server.Tail()}");
            try
            {
                if (await condition()) return;
            }
            catch (HttpRequestException) { }
            if (DateTime.UtcNow > until) throw new TimeoutException($"timed out waiting for {what}\n{server.Tail()}");
            await Task.Delay(200);
        }
    }
}
