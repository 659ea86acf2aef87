using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ChestScreener.Server.Api;
using ChestScreener.Server.Storage;
using ChestScreener.Server.Uploads;
using Microsoft.Extensions.DependencyInjection;
using ChestScreener.Tests;

namespace ChestScreener.Server.Tests;

/// <summary>A client that retries an upload whose 202 it never got, with the same Idempotency-Key, gets the first study back.</summary>
public sealed class IdempotentUploadTests : IDisposable
{
    private readonly TempFolder _data = TestData.NewTempFolder();
    private readonly CountingProcessor _processor = new(TimeSpan.FromMilliseconds(20));
    private readonly ServerFactory _factory;
    private readonly HttpClient _client;

    public IdempotentUploadTests()
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

    private async Task<HttpResponseMessage> PostAsync(string? key, int seed)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/studies")
        {
            Content = Uploads.Form(("series/a.dcm", Uploads.DicomLike(seed)), ("series/b.dcm", Uploads.DicomLike(seed + 1))),
        };
        if (key != null) request.Headers.TryAddWithoutValidation(IdempotencyKey.Header, key);
        return await _client.SendAsync(request);
    }

    [Fact]
    public async Task A_retried_upload_with_the_same_key_is_analysed_once()
    {
        var first = await PostAsync("ris-order-4711", 1);
        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        var study = (await first.Content.ReadFromJsonAsync<StudyDto>(Uploads.Json))!;
        Assert.False(first.Headers.Contains(IdempotencyKey.ReplayedHeader));

        var retry = await PostAsync("ris-order-4711", 1);
        Assert.Equal(HttpStatusCode.Accepted, retry.StatusCode);
        var again = (await retry.Content.ReadFromJsonAsync<StudyDto>(Uploads.Json))!;
        Assert.Equal(study.Id, again.Id);
        Assert.Equal($"/api/v1/studies/{study.Id}", retry.Headers.Location?.OriginalString);
        Assert.Equal("true", retry.Headers.GetValues(IdempotencyKey.ReplayedHeader).Single());

        var other = (await (await PostAsync("ris-order-4712", 1)).Content.ReadFromJsonAsync<StudyDto>(Uploads.Json))!;
        var unkeyed = (await (await PostAsync(null, 1)).Content.ReadFromJsonAsync<StudyDto>(Uploads.Json))!;
        Assert.Equal(3, new[] { study.Id, other.Id, unkeyed.Id }.Distinct().Count());

        foreach (var id in new[] { study.Id, other.Id, unkeyed.Id }) await Uploads.WaitFinishedAsync(_client, id);
        // Retried after the analysis finished: still the same study, with its verdict, and no second run.
        var late = (await (await PostAsync("ris-order-4711", 1)).Content.ReadFromJsonAsync<StudyDto>(Uploads.Json))!;
        Assert.Equal((study.Id, "done"), (late.Id, late.Status));
        var list = (await _client.GetFromJsonAsync<StudyDto[]>("/api/v1/studies", Uploads.Json))!;
        Assert.Equal(3, list.Length);
        Assert.Equal(1, _processor.Completed[study.Id]);
        Assert.Equal(3, _processor.Completed.Count);
    }

    [Fact]
    public async Task A_retry_while_the_first_upload_is_still_arriving_gets_409()
    {
        var first = (await (await PostAsync("order-a", 1)).Content.ReadFromJsonAsync<StudyDto>(Uploads.Json))!;
        var store = _factory.Services.GetRequiredService<IStudyStore>();
        // A study of the same caller whose upload with key "order-b" is still streaming in.
        store.Create(new StudyRecord
        {
            Id = StudyIds.New(), Name = "(uploading)", Status = StudyStatus.Receiving, CreatedUtc = DateTimeOffset.UtcNow,
            Owner = store.Get(first.Id)!.Owner, UploadKey = "order-b",
        });
        var response = await PostAsync("order-b", 3);
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal(Problems.UploadInProgress, (await Uploads.ProblemAsync(response)).GetProperty("code").GetString());
        Assert.Single((await _client.GetFromJsonAsync<StudyDto[]>("/api/v1/studies", Uploads.Json))!); // receiving studies are not listed
    }

    [Theory]
    [InlineData("has space")]
    [InlineData("tab\tkey")]
    public async Task An_unusable_key_is_refused_before_anything_is_stored(string key)
    {
        var response = await PostAsync(key, 1);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(Problems.BadRequest, problem.GetProperty("code").GetString());
        Assert.Empty((await _client.GetFromJsonAsync<StudyDto[]>("/api/v1/studies", Uploads.Json))!);
        var studies = Path.Combine(_data.Path, "studies");
        Assert.True(!Directory.Exists(studies) || !Directory.EnumerateDirectories(studies).Any(), "a study folder was made for a refused upload");
    }

    [Fact]
    public async Task A_key_longer_than_255_characters_is_refused()
    {
        Assert.Equal(HttpStatusCode.BadRequest, (await PostAsync(new string('k', IdempotencyKey.MaxLength + 1), 1)).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await PostAsync(new string('k', IdempotencyKey.MaxLength), 1)).StatusCode);
    }
}
