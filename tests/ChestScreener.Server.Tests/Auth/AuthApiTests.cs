using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using ChestScreener.Server.Api;
using ChestScreener.Server.Auth;
using ChestScreener.Tests;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;

namespace ChestScreener.Server.Tests.Auth;

/// <summary>API keys and roles against the running API: 401 without or with a bad key, what each role may do, other sites' studies 404.</summary>
public sealed class AuthApiTests : IDisposable
{
    private readonly TempFolder _data = TestData.NewTempFolder();
    private readonly ServerFactory _factory;

    public AuthApiTests()
    {
        _factory = new ServerFactory(_data.Path, new CountingProcessor(TimeSpan.FromMilliseconds(10)));
    }

    public void Dispose()
    {
        _factory.Dispose();
        _data.Dispose();
    }

    private HttpClient Client(string? key, bool bearer = false)
    {
        var client = _factory.CreateClient();
        client.DefaultRequestHeaders.Remove(ScreenerAuthHandler.KeyHeader);
        if (key is null) return client;
        if (bearer) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        else client.DefaultRequestHeaders.Add(ScreenerAuthHandler.KeyHeader, key);
        return client;
    }

    [Fact]
    public async Task Requests_without_credentials_or_with_a_wrong_key_get_401_problem_json_on_every_endpoint()
    {
        var study = await TestUploads.UploadAsync(_factory.CreateClient(), ("a.dcm", TestUploads.DicomLike(1)));
        var wellFormedButUnknown = Tokens.NewKey("x", Roles.Admin, null, DateTimeOffset.UtcNow).Key;
        var realKey = _factory.AdminKey;
        var wrongSecret = realKey[..^4] + (realKey.EndsWith("AAAA") ? "BBBB" : "AAAA");
        foreach (var client in new[] { Client(null), Client("nonsense"), Client(wellFormedButUnknown), Client(wrongSecret), Client(wrongSecret, bearer: true) })
        {
            foreach (var (method, url) in new[]
            {
                ("GET", "/api/v1/studies"), ("GET", $"/api/v1/studies/{study.Id}"), ("GET", $"/api/v1/studies/{study.Id}/result.json"),
                ("DELETE", $"/api/v1/studies/{study.Id}"), ("GET", "/api/v1/export.xlsx"), ("GET", "/api/v1/audit"), ("GET", "/api/v1/auth/me"),
            })
            {
                var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), url));
                Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{method} {url}: {response.StatusCode}");
                Assert.Equal("unauthorized", (await TestUploads.ProblemAsync(response)).GetProperty("code").GetString());
            }
            var upload = await client.PostAsync("/api/v1/studies", TestUploads.Form(("b.dcm", TestUploads.DicomLike(2))));
            Assert.Equal(HttpStatusCode.Unauthorized, upload.StatusCode);
            Assert.Contains("Bearer", upload.Headers.WwwAuthenticate.ToString());
        }
        // The study is still there, untouched by the refused DELETEs; health needs no credentials (load balancers).
        Assert.Equal(study.Id, (await TestUploads.GetAsync(_factory.CreateClient(), study.Id)).Id);
        Assert.Equal(HttpStatusCode.OK, (await Client(null).GetAsync("/api/v1/health")).StatusCode);
    }

    [Fact]
    public async Task A_key_works_as_X_Api_Key_and_as_Bearer_and_stops_working_once_revoked()
    {
        var key = _factory.CreateKey(Roles.Viewer, "north");
        Assert.Equal(HttpStatusCode.OK, (await Client(key).GetAsync("/api/v1/studies")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Client(key, bearer: true).GetAsync("/api/v1/studies")).StatusCode);
        var me = (await Client(key).GetFromJsonAsync<CallerDto>("/api/v1/auth/me", TestUploads.Json))!;
        Assert.Equal(("viewer", "north", "key"), (me.Role, me.Site, me.Method));

        Tokens.TryParseKey(key, out var id, out _);
        var store = _factory.Services.GetRequiredService<IAuthStore>();
        Assert.True(store.RevokeKey(id, DateTimeOffset.UtcNow));
        Assert.False(store.RevokeKey(id, DateTimeOffset.UtcNow));
        Assert.Equal(HttpStatusCode.Unauthorized, (await Client(key).GetAsync("/api/v1/studies")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Client(key, bearer: true).GetAsync("/api/v1/studies")).StatusCode);
    }

    [Fact]
    public async Task Keys_are_stored_as_sha256_of_the_secret_only()
    {
        var key = _factory.CreateKey(Roles.Uploader, "north");
        Tokens.TryParseKey(key, out var id, out var secret);
        var record = _factory.Services.GetRequiredService<IAuthStore>().FindKey(id)!;
        Assert.Equal(64, record.SecretHash.Length);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(secret))), record.SecretHash);
        var db = await File.ReadAllBytesAsync(Path.Combine(_data.Path, "studies.db"));
        var wal = Path.Combine(_data.Path, "studies.db-wal");
        var all = File.Exists(wal) ? [.. db, .. await File.ReadAllBytesAsync(wal)] : db;
        Assert.Equal(-1, all.AsSpan().IndexOf(System.Text.Encoding.ASCII.GetBytes(secret)));
    }

    [Fact]
    public async Task Each_role_does_what_it_may_and_gets_403_for_the_rest()
    {
        var viewer = Client(_factory.CreateKey(Roles.Viewer, "north"));
        var uploader = Client(_factory.CreateKey(Roles.Uploader, "north"));
        var admin = Client(_factory.CreateKey(Roles.Admin, null));

        // Viewer: reads, cannot upload, delete or read the audit log.
        var refused = await viewer.PostAsync("/api/v1/studies", TestUploads.Form(("a.dcm", TestUploads.DicomLike(1))));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("forbidden", (await TestUploads.ProblemAsync(refused)).GetProperty("code").GetString());

        // Uploader: uploads and reads its site's studies, cannot delete.
        var study = await TestUploads.UploadAsync(uploader, ("a.dcm", TestUploads.DicomLike(1)));
        var done = await TestUploads.WaitFinishedAsync(uploader, study.Id);
        Assert.Equal("done", done.Status);
        Assert.Equal(HttpStatusCode.OK, (await uploader.GetAsync($"/api/v1/studies/{study.Id}/report.pdf")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await uploader.DeleteAsync($"/api/v1/studies/{study.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await uploader.GetAsync("/api/v1/audit")).StatusCode);

        // Viewer of the same site sees it and its files, cannot delete it.
        Assert.Contains((await viewer.GetFromJsonAsync<StudyDto[]>("/api/v1/studies", TestUploads.Json))!, s => s.Id == study.Id);
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync($"/api/v1/studies/{study.Id}/result.json")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync("/api/v1/export.xlsx")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.DeleteAsync($"/api/v1/studies/{study.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.GetAsync("/api/v1/audit")).StatusCode);

        // Admin: reads the audit log and deletes.
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/v1/audit")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/v1/studies/{study.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await viewer.GetAsync($"/api/v1/studies/{study.Id}")).StatusCode);
    }

    [Fact]
    public async Task Studies_of_another_site_answer_404_like_missing_ones_and_are_not_listed_or_exported()
    {
        var north = Client(_factory.CreateKey(Roles.Uploader, "north"));
        var south = Client(_factory.CreateKey(Roles.Uploader, "south"));
        var southViewer = Client(_factory.CreateKey(Roles.Viewer, "south"));
        var siteless = Client(_factory.CreateKey(Roles.Uploader, null));
        var admin = _factory.CreateClient();

        var northStudy = await TestUploads.UploadAsync(north, ("a.dcm", TestUploads.DicomLike(1)));
        var ownStudy = await TestUploads.UploadAsync(siteless, ("b.dcm", TestUploads.DicomLike(2)));
        await TestUploads.WaitFinishedAsync(north, northStudy.Id);
        await TestUploads.WaitFinishedAsync(siteless, ownStudy.Id);
        var missing = new string('a', 32);

        foreach (var other in new[] { south, southViewer })
        {
            foreach (var url in new[] { $"/api/v1/studies/{northStudy.Id}", $"/api/v1/studies/{northStudy.Id}/result.json", $"/api/v1/studies/{ownStudy.Id}" })
            {
                var response = await other.GetAsync(url);
                Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
                var problem = await TestUploads.ProblemAsync(response);
                var missingProblem = await TestUploads.ProblemAsync(await other.GetAsync(url.Replace(northStudy.Id, missing).Replace(ownStudy.Id, missing)));
                // Same code and title as a study that does not exist: the answer tells nothing about the id.
                Assert.Equal(missingProblem.GetProperty("code").GetString(), problem.GetProperty("code").GetString());
                Assert.Equal(missingProblem.GetProperty("title").GetString(), problem.GetProperty("title").GetString());
            }
            var listed = (await other.GetFromJsonAsync<StudyDto[]>("/api/v1/studies", TestUploads.Json))!;
            Assert.DoesNotContain(listed, s => s.Id == northStudy.Id || s.Id == ownStudy.Id);
        }
        // The site-less uploader sees only its own upload; the admin sees both.
        var mine = (await siteless.GetFromJsonAsync<StudyDto[]>("/api/v1/studies", TestUploads.Json))!;
        Assert.Equal([ownStudy.Id], mine.Select(s => s.Id).ToArray());
        var all = (await admin.GetFromJsonAsync<StudyDto[]>("/api/v1/studies", TestUploads.Json))!;
        Assert.Contains(all, s => s.Id == northStudy.Id);
        Assert.Contains(all, s => s.Id == ownStudy.Id);

        // Export: the south viewer's table has no rows, the admin's has both.
        Assert.Empty(new MemoryStream(await southViewer.GetByteArrayAsync("/api/v1/export.xlsx")).Query(useHeaderRow: true));
        Assert.Equal(2, new MemoryStream(await admin.GetByteArrayAsync("/api/v1/export.xlsx")).Query(useHeaderRow: true).Count());
    }
}
