using System.Net;
using System.Net.Http.Json;
using ChestScreener.Server.Api;
using ChestScreener.Tests;

namespace ChestScreener.Server.Tests.Uploads;

/// <summary>
/// Malformed multipart bodies (issue 20, finding 4): the upload and STOW-RS endpoints answer 400 problem+json with code
/// malformed_request, never 500, and keep no file of the request.
/// </summary>
public sealed class MalformedBodyTests : IDisposable
{
    private readonly TempFolder _data = TestData.NewTempFolder();
    private readonly ServerFactory _factory;
    private readonly HttpClient _client;

    public MalformedBodyTests()
    {
        _factory = new ServerFactory(_data.Path, new CountingProcessor(TimeSpan.Zero));
        _client = _factory.CreateClient();
    }

    public void Dispose()
    {
        _client.Dispose();
        _factory.Dispose();
        _data.Dispose();
    }

    public static TheoryData<string, bool> Cases()
    {
        var data = new TheoryData<string, bool>();
        foreach (var kind in new[] { "header over 16 KB", "17 headers", "cut off", "cut off mid-part", "bad header line", "empty body" })
        {
            data.Add(kind, false);
            data.Add(kind, true);
        }
        return data;
    }

    private static string Body(string kind, bool stow) => kind switch
    {
        "header over 16 KB" => RawBodies.Part(stow, RawBodies.DicomLike(1), $"X-Pad: {new string('a', 17_000)}\r\n") + RawBodies.End,
        "17 headers" => RawBodies.Part(stow, RawBodies.DicomLike(1), string.Concat(Enumerable.Range(0, 17).Select(i => $"X-H{i}: v\r\n"))) + RawBodies.End,
        // A whole part, then the body stops: no final boundary.
        "cut off" => RawBodies.Part(stow, RawBodies.DicomLike(1)),
        "cut off mid-part" => $"--{RawBodies.Boundary}\r\n{RawBodies.PartHeaders(stow)}\r\n{RawBodies.DicomLike(1)[..300]}",
        "bad header line" => $"--{RawBodies.Boundary}\r\nthis is not a header\r\n\r\n{RawBodies.DicomLike(1)}\r\n{RawBodies.End}",
        "empty body" => "",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_malformed_body_is_400_malformed_request_and_leaves_no_file(string kind, bool stow)
    {
        using var response = await _client.PostAsync(stow ? "/dicomweb/studies" : "/api/v1/studies", RawBodies.Content(stow, Body(kind, stow)));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await TestUploads.ProblemAsync(response);
        Assert.Equal(Problems.MalformedRequest, problem.GetProperty("code").GetString());
        Assert.StartsWith("malformed multipart body: ", problem.GetProperty("detail").GetString());
        AssertNothingKept();
    }

    [Fact]
    public async Task An_upload_without_a_boundary_is_400_malformed_request()
    {
        using var response = await _client.PostAsync("/api/v1/studies", RawBodies.Content(false, RawBodies.Part(false, RawBodies.DicomLike(1)) + RawBodies.End, boundary: null));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(Problems.MalformedRequest, (await TestUploads.ProblemAsync(response)).GetProperty("code").GetString());
        AssertNothingKept();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Odd_but_parseable_bodies_never_answer_5xx(bool stow)
    {
        var url = stow ? "/dicomweb/studies" : "/api/v1/studies";
        var longBoundary = new string('b', 300);
        var bodies = new[]
        {
            RawBodies.Content(stow, $"--{RawBodies.Boundary}\r\nContent-Disposition: ;;==\"\r\nContent-Type: application/dicom+garbage\r\n\r\n{RawBodies.DicomLike(1)}\r\n{RawBodies.End}"),
            RawBodies.Content(stow, $"--{longBoundary}\r\n{RawBodies.PartHeaders(stow)}\r\n{RawBodies.DicomLike(2)}\r\n--{longBoundary}--\r\n", longBoundary),
            RawBodies.Content(stow, "no multipart here at all", boundary: null),
            RawBodies.Content(stow, RawBodies.End),
        };
        foreach (var body in bodies)
        {
            using var response = await _client.PostAsync(url, body);
            Assert.True((int)response.StatusCode < 500, $"{url} answered {(int)response.StatusCode}");
        }
        var health = await _client.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/v1/health");
        Assert.Equal("ok", health.GetProperty("status").GetString());
    }

    private void AssertNothingKept()
    {
        Assert.Empty(Directory.GetDirectories(Path.Combine(_data.Path, "studies")));
        var incoming = Path.Combine(_data.Path, "pacs", "stow-incoming");
        if (Directory.Exists(incoming)) Assert.Empty(Directory.GetFiles(incoming));
    }
}
