using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ChestScreener.Server.Api;
using ChestScreener.Tests;

namespace ChestScreener.Server.Tests.Uploads;

public sealed class UploadRejectionTests : IDisposable
{
    private readonly TempFolder _data = TestData.NewTempFolder();
    private readonly ServerFactory _factory;
    private readonly HttpClient _client;

    public UploadRejectionTests()
    {
        _factory = new ServerFactory(_data.Path, new CountingProcessor(TimeSpan.Zero), new Dictionary<string, string> { ["Screener:MaxUploadMb"] = "1" });
        _client = _factory.CreateClient();
    }

    public void Dispose()
    {
        _client.Dispose();
        _factory.Dispose();
        _data.Dispose();
    }

    public static TheoryData<string, byte[], HttpStatusCode, string> Garbage => new()
    {
        { "notes.txt", "this is not an image at all, just some words"u8.ToArray(), HttpStatusCode.UnsupportedMediaType, "not_dicom" },
        { "broken.zip", [.. "PK"u8, 3, 4, .. new byte[300]], HttpStatusCode.UnprocessableEntity, "corrupt_file" },
        { "empty.zip", TestUploads.Zip(), HttpStatusCode.UnsupportedMediaType, "not_dicom" },
        { "huge.dcm", [.. new byte[128], .. "DICM"u8, .. new byte[1_200_000]], HttpStatusCode.RequestEntityTooLarge, "too_large" },
        { "fake.nii.gz", "not gzip"u8.ToArray(), HttpStatusCode.UnsupportedMediaType, "not_dicom" },
    };

    [Theory]
    [MemberData(nameof(Garbage))]
    public async Task Garbage_is_refused_with_problem_json_and_a_code_and_the_service_still_answers(string name, byte[] content, HttpStatusCode status, string code)
    {
        var response = await _client.PostAsync("/api/v1/studies", TestUploads.Form((name, content)));
        Assert.Equal(status, response.StatusCode);
        var problem = await TestUploads.ProblemAsync(response);
        Assert.Equal(code, problem.GetProperty("code").GetString());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));

        var health = await _client.GetFromJsonAsync<JsonElement>("/api/v1/health");
        Assert.Equal("ok", health.GetProperty("status").GetString());
        Assert.Empty((await _client.GetFromJsonAsync<StudyDto[]>("/api/v1/studies", TestUploads.Json))!);
        Assert.Empty(Directory.GetDirectories(Path.Combine(_data.Path, "studies")));
    }

    [Fact]
    public async Task A_body_that_is_not_multipart_is_refused()
    {
        var response = await _client.PostAsync("/api/v1/studies", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("not_dicom", (await TestUploads.ProblemAsync(response)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_zip_mixed_with_dicom_files_is_refused()
    {
        var response = await _client.PostAsync("/api/v1/studies", TestUploads.Form(("a.zip", TestUploads.Zip(("x.dcm", TestUploads.DicomLike(1)))), ("b.dcm", TestUploads.DicomLike(2))));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("not_dicom", (await TestUploads.ProblemAsync(response)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task Unknown_study_and_file_names_are_404_problems()
    {
        foreach (var url in new[] { "/api/v1/studies/0123456789abcdef0123456789abcdef", "/api/v1/studies/..%2F..%2Fetc", "/api/v1/studies/0123456789abcdef0123456789abcdef/secret.txt" })
        {
            var response = await _client.GetAsync(url);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("not_found", (await TestUploads.ProblemAsync(response)).GetProperty("code").GetString());
        }
    }
}
