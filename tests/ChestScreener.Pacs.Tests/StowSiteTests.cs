using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using ChestScreener.Server.Audit;
using ChestScreener.Server.Auth;
using ChestScreener.Tests;
using Microsoft.Extensions.DependencyInjection;

namespace ChestScreener.Pacs.Tests;

/// <summary>
/// STOW-RS between sites (issue 20, finding 3): each sender (site, or caller without a site) stages its own copy of a study;
/// another site's instances with the same Study and SOP Instance UIDs neither join, replace nor complete it; STOW is audited.
/// </summary>
public sealed class StowSiteTests : IDisposable
{
    private readonly TempFolder _tmp = TestData.NewTempFolder();
    private readonly PacsServerFactory _factory;
    private readonly HttpClient _north, _south, _admin;

    public StowSiteTests()
    {
        _factory = new PacsServerFactory(Path.Combine(_tmp.Path, "data"), new Dictionary<string, string>
        {
            ["Screener:Pacs:StowQuietSeconds"] = "3600", ["Screener:Auth:Enabled"] = "true",
            // A five-slice copy is rejected by the analysis; its input is kept so that its bytes can be compared.
            ["Screener:KeepRejectedInputs"] = "true",
        });
        _north = _factory.Client(_factory.CreateKey(Roles.Uploader, "north", "north-pacs"));
        _south = _factory.Client(_factory.CreateKey(Roles.Uploader, "south", "south-pacs"));
        _admin = _factory.Client(_factory.CreateKey(Roles.Admin, null, "admin"));
    }

    public void Dispose()
    {
        _north.Dispose();
        _south.Dispose();
        _admin.Dispose();
        _factory.Dispose();
        _tmp.Dispose();
    }

    [Fact]
    public async Task Another_sites_instances_of_the_same_study_become_its_own_study_and_replace_nothing()
    {
        var (tags, files) = PhantomStudy.Write(Path.Combine(_tmp.Path, "ct"));
        // South sends five instances with north's Study and SOP Instance UIDs but other bytes (last pixel byte changed).
        var forged = new List<string>();
        foreach (var f in files.Take(5))
        {
            var bytes = File.ReadAllBytes(f);
            bytes[^1] ^= 0x55;
            var path = Path.Combine(_tmp.Path, "forged-" + Path.GetFileName(f));
            File.WriteAllBytes(path, bytes);
            forged.Add(path);
        }

        Assert.Equal(HttpStatusCode.OK, (await _north.PostAsync("/dicomweb/studies", StowTests.Multipart(files.Take(20)))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _south.PostAsync($"/dicomweb/studies/{tags.StudyUid}", StowTests.Multipart(forged))).StatusCode);
        using var southComplete = await _south.PostAsync($"/dicomweb/studies/{tags.StudyUid}/complete", null);
        Assert.Equal(HttpStatusCode.Accepted, southComplete.StatusCode);
        var southId = JsonDocument.Parse(await southComplete.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;

        // North's copy is still waiting: its second half joins it, and its own completion queues all 40 of its instances.
        Assert.Equal(HttpStatusCode.OK, (await _north.PostAsync("/dicomweb/studies", StowTests.Multipart(files.Skip(20)))).StatusCode);
        using var northComplete = await _north.PostAsync($"/dicomweb/studies/{tags.StudyUid}/complete", null);
        Assert.Equal(HttpStatusCode.Accepted, northComplete.StatusCode);
        var northId = JsonDocument.Parse(await northComplete.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
        Assert.NotEqual(northId, southId);

        var north = await StowTests.WaitFinished(_north, northId);
        Assert.Equal(files.Count, north.GetProperty("files").GetInt32());
        var south = await StowTests.WaitFinished(_south, southId);
        Assert.Equal(forged.Count, south.GetProperty("files").GetInt32());
        // Each site sees its own study only.
        Assert.Equal(HttpStatusCode.NotFound, (await _south.GetAsync($"/api/v1/studies/{northId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _north.GetAsync($"/api/v1/studies/{southId}")).StatusCode);
        // North's study holds exactly north's bytes: none of its instances was replaced by south's.
        Assert.Equal(Hashes(files), Hashes(Directory.GetFiles(Input(northId))));
        Assert.Equal(Hashes(forged), Hashes(Directory.GetFiles(Input(southId))));
    }

    [Fact]
    public async Task Complete_reaches_only_the_callers_own_copy_and_an_admin_may_complete_any()
    {
        var (tags, files) = PhantomStudy.Write(Path.Combine(_tmp.Path, "ct"));
        Assert.Equal(HttpStatusCode.OK, (await _north.PostAsync("/dicomweb/studies", StowTests.Multipart(files))).StatusCode);

        // South has sent nothing of the study: 404, as for a study nobody sent, and north's copy keeps waiting.
        using var southComplete = await _south.PostAsync($"/dicomweb/studies/{tags.StudyUid}/complete", null);
        Assert.Equal(HttpStatusCode.NotFound, southComplete.StatusCode);
        Assert.Equal("[]", await _admin.GetStringAsync("/api/v1/studies"));

        using var adminComplete = await _admin.PostAsync($"/dicomweb/studies/{tags.StudyUid}/complete", null);
        Assert.Equal(HttpStatusCode.Accepted, adminComplete.StatusCode);
        var id = JsonDocument.Parse(await adminComplete.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
        var study = await StowTests.WaitFinished(_north, id); // north's study: north sees it
        Assert.Equal(files.Count, study.GetProperty("files").GetInt32());
    }

    [Fact]
    public async Task Stow_requests_and_completions_are_audited_with_counts_and_no_uids()
    {
        var (tags, files) = PhantomStudy.Write(Path.Combine(_tmp.Path, "ct"));
        var junk = Path.Combine(_tmp.Path, "junk.dcm");
        File.WriteAllText(junk, "not a dicom file");
        Assert.Equal(HttpStatusCode.Accepted, (await _north.PostAsync("/dicomweb/studies", StowTests.Multipart([.. files, junk]))).StatusCode);
        using var complete = await _north.PostAsync($"/dicomweb/studies/{tags.StudyUid}/complete", null);
        var id = JsonDocument.Parse(await complete.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;

        var rows = _factory.Services.GetRequiredService<IAuditLog>().Read();
        var stow = Assert.Single(rows, r => r.Action == AuditActions.Stow);
        Assert.Equal($"{files.Count} instance(s) stored, 1 refused", stow.Detail);
        Assert.StartsWith("key:", stow.Actor);
        var completed = Assert.Single(rows, r => r.Action == AuditActions.StowComplete);
        Assert.Equal(id, completed.Target);
        Assert.Equal(stow.Actor, completed.Actor);
        Assert.All(rows, r => Assert.DoesNotContain(tags.StudyUid, $"{r.Target} {r.Detail}"));
    }

    private string Input(string id) => Path.Combine(_tmp.Path, "data", "studies", id, "input");

    private static string[] Hashes(IEnumerable<string> files) =>
        files.Select(f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f)))).Order().ToArray();
}
