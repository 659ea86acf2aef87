using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ChestScreener.Imaging.Nifti;
using ChestScreener.Results;
using ChestScreener.Server.Api;
using ChestScreener.Server.Processing;
using ChestScreener.Server.Storage;
using ChestScreener.Server.Uploads;
using ChestScreener.Tests;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;
using ChestScreener.Server.Testing;

namespace ChestScreener.Server.Tests.Api;

public sealed class StudyApiTests : IDisposable
{
    private readonly TempFolder _data = TestData.NewTempFolder();
    private readonly CountingProcessor _processor = new(TimeSpan.FromMilliseconds(20));
    private readonly ServerFactory _factory;
    private readonly HttpClient _client;

    public StudyApiTests()
    {
        _factory = new ServerFactory(_data.Path, _processor);
        _client = _factory.CreateClient();
    }

    public void Dispose()
    {
        _client.Dispose();
        _factory.Dispose();
        _data.Dispose();
    }

    [Fact]
    public async Task Dicom_files_upload_runs_to_a_verdict_and_serves_every_result_file()
    {
        var response = await _client.PostAsync("/api/v1/studies", TestUploads.Form(("series/a.dcm", TestUploads.DicomLike(1)), ("series/b.dcm", TestUploads.DicomLike(2)), ("series/notes.txt", "hello"u8.ToArray())));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var accepted = (await response.Content.ReadFromJsonAsync<StudyDto>(TestUploads.Json))!;
        Assert.Equal($"/api/v1/studies/{accepted.Id}", response.Headers.Location?.OriginalString);
        Assert.Equal("queued", accepted.Status);
        Assert.Equal(2, accepted.Files);
        Assert.Equal("series", accepted.Name);

        var done = await TestUploads.WaitFinishedAsync(_client, accepted.Id);
        Assert.Equal("done", done.Status);
        Assert.Equal("pathology", done.Verdict);
        Assert.Equal(100, done.Progress);
        Assert.NotNull(done.Result);
        Assert.Equal("right_lung_upper", done.Result!.Findings![0].Region);
        Assert.Equal(StudyFiles.All.Order(), done.Links.Keys.Order());

        var json = await _client.GetStringAsync($"/api/v1/studies/{accepted.Id}/result.json");
        var result = ResultJson.Deserialize(json);
        Assert.Equal("series", result.Input);
        Assert.Equal(done.Result.ProbabilityOfPathology, result.ProbabilityOfPathology);

        var pdf = await _client.GetByteArrayAsync($"/api/v1/studies/{accepted.Id}/report.pdf");
        Assert.Equal("%PDF", System.Text.Encoding.ASCII.GetString(pdf, 0, 4));

        var volumePath = Path.Combine(_data.Path, "download.nii.gz");
        await File.WriteAllBytesAsync(volumePath, await _client.GetByteArrayAsync($"/api/v1/studies/{accepted.Id}/volume.nii.gz"));
        var volume = NiftiReader.Read(volumePath);
        Assert.Equal(FakeStudyProcessor.Grid.SizeX * FakeStudyProcessor.Grid.SizeY * FakeStudyProcessor.Grid.SizeZ, volume.Values.Data.Length);

        var list = (await _client.GetFromJsonAsync<StudyDto[]>("/api/v1/studies", TestUploads.Json))!;
        Assert.Contains(list, s => s.Id == accepted.Id && s.Verdict == "pathology" && s.Result is null);
        // The list says whose scan it is (the fake processor's synthetic patient), without the full result.
        Assert.Equal("FAKE-0001", list.Single(s => s.Id == accepted.Id).Patient?.Id);
        Assert.Equal(1, _processor.Completed[accepted.Id]);
    }

    [Fact]
    public async Task Zip_and_nifti_uploads_are_accepted_as_one_file_each()
    {
        var zip = await TestUploads.UploadAsync(_client, ("study.zip", TestUploads.Zip(("a/1.dcm", TestUploads.DicomLike(1)), ("a/2.dcm", TestUploads.DicomLike(2)))));
        Assert.Equal("study.zip", zip.Name);
        var niftiPath = Path.Combine(_data.Path, "in.nii.gz");
        NiftiWriter.Write(niftiPath, new Imaging.Volume<short>(Imaging.Geometry.VolumeGeometry.Axial(4, 4, 4, new Imaging.Geometry.Vec3(1, 1, 1))));
        var nifti = await TestUploads.UploadAsync(_client, ("ct.nii.gz", await File.ReadAllBytesAsync(niftiPath)));
        Assert.Equal("ct.nii.gz", nifti.Name);
        Assert.Equal("done", (await TestUploads.WaitFinishedAsync(_client, zip.Id)).Status);
        Assert.Equal("done", (await TestUploads.WaitFinishedAsync(_client, nifti.Id)).Status);
        Assert.True(File.Exists(Path.Combine(_data.Path, "studies", zip.Id, "input", "000000-study.zip")));
    }

    [Fact]
    public async Task A_rejected_study_keeps_its_code_and_has_only_result_json()
    {
        var s = await TestUploads.UploadAsync(_client, ("not-chest.dcm", TestUploads.DicomLike(3)));
        var done = await TestUploads.WaitFinishedAsync(_client, s.Id);
        Assert.Equal("rejected", done.Status);
        Assert.Equal("not_chest", done.Rejection?.Code);
        Assert.Null(done.Verdict);
        Assert.Equal(["result.json"], done.Links.Keys);
        var missing = await _client.GetAsync($"/api/v1/studies/{s.Id}/volume.nii.gz");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("not_found", (await TestUploads.ProblemAsync(missing)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task Export_lists_finished_studies_in_the_lct_column_order()
    {
        var a = await TestUploads.UploadAsync(_client, ("a.dcm", TestUploads.DicomLike(1)));
        var b = await TestUploads.UploadAsync(_client, ("not-chest.dcm", TestUploads.DicomLike(2)));
        await TestUploads.WaitFinishedAsync(_client, a.Id);
        await TestUploads.WaitFinishedAsync(_client, b.Id);
        var response = await _client.GetAsync("/api/v1/export.xlsx");
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", response.Content.Headers.ContentType?.MediaType);
        using var stream = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        var rows = stream.Query(useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
        // The LCT column order (docs/ARCHITECTURE.md), written out so that a change to the shared row type is caught here.
        string[] designColumns =
        [
            "path_to_study", "study_uid", "series_uid", "probability_of_pathology", "pathology", "processing_status",
            "time_of_processing", "most_dangerous_pathology_type", "pathology_localization",
        ];
        Assert.Equal(designColumns, rows[0].Keys);
        var ok = rows.Single(r => (string?)r["path_to_study"] == "a.dcm");
        Assert.Equal("Success", ok["processing_status"]);
        Assert.Equal(1.0, Convert.ToDouble(ok["pathology"]));
        Assert.Equal("anomaly:right_lung_upper", ok["most_dangerous_pathology_type"]);
        Assert.Equal(6, ((string)ok["pathology_localization"]!).Split(',').Length);
        Assert.Equal("Failure", rows.Single(r => (string?)r["path_to_study"] == "not-chest.dcm")["processing_status"]);
    }

    [Fact]
    public async Task Delete_removes_the_study_and_its_files()
    {
        var s = await TestUploads.UploadAsync(_client, ("a.dcm", TestUploads.DicomLike(1)));
        await TestUploads.WaitFinishedAsync(_client, s.Id);
        Assert.Equal(HttpStatusCode.NoContent, (await _client.DeleteAsync($"/api/v1/studies/{s.Id}")).StatusCode);
        var gone = await _client.GetAsync($"/api/v1/studies/{s.Id}");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Equal("not_found", (await TestUploads.ProblemAsync(gone)).GetProperty("code").GetString());
        Assert.False(Directory.Exists(Path.Combine(_data.Path, "studies", s.Id)));
    }

    [Fact]
    public async Task OpenApi_document_docs_health_and_viewer_fallback_answer()
    {
        var doc = await _client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var paths = doc.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/v1/studies", out var studies));
        Assert.Contains(studies.GetProperty("post").GetProperty("parameters").EnumerateArray(),
            p => p.GetProperty("name").GetString() == "Idempotency-Key" && p.GetProperty("in").GetString() == "header");
        Assert.True(paths.TryGetProperty("/api/v1/studies/{id}/{file}", out _));
        Assert.True(paths.TryGetProperty("/api/v1/export.xlsx", out _));
        var docs = await _client.GetAsync("/scalar/v1");
        Assert.Equal(HttpStatusCode.OK, docs.StatusCode);
        Assert.Equal("text/html", docs.Content.Headers.ContentType?.MediaType);
        var health = await _client.GetFromJsonAsync<JsonElement>("/api/v1/health");
        Assert.Equal("ok", health.GetProperty("status").GetString());
        Assert.Equal("sqlite", health.GetProperty("store").GetString());
        var unknown = await _client.GetAsync("/api/v1/nothing-here");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("not_found", (await TestUploads.ProblemAsync(unknown)).GetProperty("code").GetString());
        Assert.Contains("ChestScreener", await _client.GetStringAsync("/"));
    }

    // Idempotency-Key: a client that retries an upload whose 202 it never got gets the first study back.

    private async Task<HttpResponseMessage> PostWithKeyAsync(string? key, int seed)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/studies")
        {
            Content = TestUploads.Form(("series/a.dcm", TestUploads.DicomLike(seed)), ("series/b.dcm", TestUploads.DicomLike(seed + 1))),
        };
        if (key != null) request.Headers.TryAddWithoutValidation(IdempotencyKey.Header, key);
        return await _client.SendAsync(request);
    }

    [Fact]
    public async Task A_retried_upload_with_the_same_key_is_analysed_once()
    {
        var first = await PostWithKeyAsync("ris-order-4711", 1);
        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        var study = (await first.Content.ReadFromJsonAsync<StudyDto>(TestUploads.Json))!;
        Assert.False(first.Headers.Contains(IdempotencyKey.ReplayedHeader));

        var retry = await PostWithKeyAsync("ris-order-4711", 1);
        Assert.Equal(HttpStatusCode.Accepted, retry.StatusCode);
        var again = (await retry.Content.ReadFromJsonAsync<StudyDto>(TestUploads.Json))!;
        Assert.Equal(study.Id, again.Id);
        Assert.Equal($"/api/v1/studies/{study.Id}", retry.Headers.Location?.OriginalString);
        Assert.Equal("true", retry.Headers.GetValues(IdempotencyKey.ReplayedHeader).Single());

        var other = (await (await PostWithKeyAsync("ris-order-4712", 1)).Content.ReadFromJsonAsync<StudyDto>(TestUploads.Json))!;
        var unkeyed = (await (await PostWithKeyAsync(null, 1)).Content.ReadFromJsonAsync<StudyDto>(TestUploads.Json))!;
        Assert.Equal(3, new[] { study.Id, other.Id, unkeyed.Id }.Distinct().Count());

        foreach (var id in new[] { study.Id, other.Id, unkeyed.Id }) await TestUploads.WaitFinishedAsync(_client, id);
        // Retried after the analysis finished: still the same study, with its verdict, and no second run.
        var late = (await (await PostWithKeyAsync("ris-order-4711", 1)).Content.ReadFromJsonAsync<StudyDto>(TestUploads.Json))!;
        Assert.Equal((study.Id, "done"), (late.Id, late.Status));
        var list = (await _client.GetFromJsonAsync<StudyDto[]>("/api/v1/studies", TestUploads.Json))!;
        Assert.Equal(3, list.Length);
        Assert.Equal(1, _processor.Completed[study.Id]);
        Assert.Equal(3, _processor.Completed.Count);
    }

    [Fact]
    public async Task A_retry_while_the_first_upload_is_still_arriving_gets_409()
    {
        var first = (await (await PostWithKeyAsync("order-a", 1)).Content.ReadFromJsonAsync<StudyDto>(TestUploads.Json))!;
        var store = _factory.Services.GetRequiredService<IStudyStore>();
        // A study of the same caller whose upload with key "order-b" is still streaming in.
        store.Create(new StudyRecord
        {
            Id = StudyIds.New(), Name = "(uploading)", Status = StudyStatus.Receiving, CreatedUtc = DateTimeOffset.UtcNow,
            Owner = store.Get(first.Id)!.Owner, UploadKey = "order-b",
        });
        var response = await PostWithKeyAsync("order-b", 3);
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal(Problems.UploadInProgress, (await TestUploads.ProblemAsync(response)).GetProperty("code").GetString());
        Assert.Single((await _client.GetFromJsonAsync<StudyDto[]>("/api/v1/studies", TestUploads.Json))!); // receiving studies are not listed
    }

    [Fact]
    public async Task A_retry_queues_an_upload_that_arrived_whole_before_a_crash_and_waits_for_one_still_settling()
    {
        var first = (await (await PostWithKeyAsync("order-a", 1)).Content.ReadFromJsonAsync<StudyDto>(TestUploads.Json))!;
        var store = _factory.Services.GetRequiredService<IStudyStore>();
        var folders = _factory.Services.GetRequiredService<StudyFolders>();
        // The process stopped after the complete upload was renamed to input/ and before the study was marked queued.
        string Arrived(string key, TimeSpan age)
        {
            var id = StudyIds.New();
            store.Create(new StudyRecord
            {
                Id = id, Name = "(uploading)", Status = StudyStatus.Receiving, CreatedUtc = DateTimeOffset.UtcNow - age,
                Owner = store.Get(first.Id)!.Owner, UploadKey = key,
            });
            var input = Directory.CreateDirectory(folders.Input(id));
            foreach (var (name, seed) in new[] { ("000000-a.dcm", 5), ("000001-b.dcm", 6) })
            {
                var path = Path.Combine(input.FullName, name);
                File.WriteAllBytes(path, TestUploads.DicomLike(seed));
                File.SetLastWriteTimeUtc(path, DateTime.UtcNow - age);
            }
            input.LastWriteTimeUtc = DateTime.UtcNow - age;
            return id;
        }
        var crashed = Arrived("order-c", TimeSpan.FromMinutes(1));
        var settling = Arrived("order-d", TimeSpan.Zero);

        var retry = await PostWithKeyAsync("order-c", 5);
        Assert.Equal(HttpStatusCode.Accepted, retry.StatusCode);
        Assert.Equal("true", retry.Headers.GetValues(IdempotencyKey.ReplayedHeader).Single());
        var study = (await retry.Content.ReadFromJsonAsync<StudyDto>(TestUploads.Json))!;
        Assert.Equal(crashed, study.Id);
        Assert.Equal("done", (await TestUploads.WaitFinishedAsync(_client, crashed)).Status);
        var again = (await (await PostWithKeyAsync("order-c", 5)).Content.ReadFromJsonAsync<StudyDto>(TestUploads.Json))!;
        Assert.Equal(crashed, again.Id);
        Assert.Equal(1, _processor.Completed[crashed]);
        var row = store.Get(crashed)!;
        Assert.Equal((2, (long)TestUploads.DicomLike(5).Length + TestUploads.DicomLike(6).Length), (row.FileCount, row.InputBytes));

        // Written just now: it may be the first attempt's own request, about to mark it queued; the retry waits.
        var response = await PostWithKeyAsync("order-d", 7);
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal(StudyStatus.Receiving, store.Get(settling)!.Status);
    }

    [Theory]
    [InlineData("has space")]
    [InlineData("tab\tkey")]
    public async Task An_unusable_key_is_refused_before_anything_is_stored(string key)
    {
        var response = await PostWithKeyAsync(key, 1);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(Problems.BadRequest, problem.GetProperty("code").GetString());
        Assert.Empty((await _client.GetFromJsonAsync<StudyDto[]>("/api/v1/studies", TestUploads.Json))!);
        var studies = Path.Combine(_data.Path, "studies");
        Assert.True(!Directory.Exists(studies) || !Directory.EnumerateDirectories(studies).Any(), "a study folder was made for a refused upload");
    }

    [Fact]
    public async Task A_key_longer_than_255_characters_is_refused()
    {
        Assert.Equal(HttpStatusCode.BadRequest, (await PostWithKeyAsync(new string('k', IdempotencyKey.MaxLength + 1), 1)).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await PostWithKeyAsync(new string('k', IdempotencyKey.MaxLength), 1)).StatusCode);
    }
}
