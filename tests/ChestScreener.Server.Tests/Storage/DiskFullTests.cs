using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ChestScreener.Server.Storage;
using ChestScreener.Server.Uploads;
using ChestScreener.Tests;
using Microsoft.Extensions.DependencyInjection;
using ChestScreener.Server.Tests.Uploads;

namespace ChestScreener.Server.Tests.Storage;

/// <summary>A full disk while an upload arrives (issue 20, finding 5): 507 storage_full, nothing of it kept, nothing else lost; STOW-RS refuses the instance (A700), no 500.</summary>
public sealed class DiskFullTests : IDisposable
{
    private readonly TempFolder _data = TestData.NewTempFolder();
    private readonly FullDiskFiles _files = new();
    private readonly ServerFactory _factory;
    private readonly HttpClient _client;

    public DiskFullTests()
    {
        _factory = new ServerFactory(_data.Path, new CountingProcessor(TimeSpan.Zero), services: s => s.AddSingleton<UploadFiles>(_files));
        _client = _factory.CreateClient();
    }

    public void Dispose()
    {
        _client.Dispose();
        _factory.Dispose();
        _data.Dispose();
    }

    [Fact]
    public async Task An_upload_on_a_full_disk_is_507_storage_full_and_leaves_no_folder_or_row()
    {
        var earlier = await TestUploads.UploadAsync(_client, ("a.dcm", TestUploads.DicomLike(1)));
        await TestUploads.WaitFinishedAsync(_client, earlier.Id);

        _files.Full = true;
        using var response = await _client.PostAsync("/api/v1/studies", TestUploads.Form(("b.dcm", TestUploads.DicomLike(2)), ("c.dcm", TestUploads.DicomLike(3))));
        Assert.Equal(HttpStatusCode.InsufficientStorage, response.StatusCode);
        var problem = await TestUploads.ProblemAsync(response);
        Assert.Equal(RejectionCode.StorageFull.ToWire(), problem.GetProperty("code").GetString());

        // Only the earlier study is left: its folder and row, nothing of the refused upload.
        Assert.Equal([earlier.Id], Directory.GetDirectories(Path.Combine(_data.Path, "studies")).Select(Path.GetFileName));
        Assert.Equal([earlier.Id], _factory.Services.GetRequiredService<IStudyStore>().List().Select(s => s.Id));
        Assert.Equal("done", (await TestUploads.GetAsync(_client, earlier.Id)).Status);

        _files.Full = false;
        await TestUploads.UploadAsync(_client, ("d.dcm", TestUploads.DicomLike(4)));
    }

    [Fact]
    public async Task A_stow_instance_on_a_full_disk_fails_with_A700_and_leaves_no_file()
    {
        _files.Full = true;
        using var response = await _client.PostAsync("/dicomweb/studies", RawBodies.Content(true, RawBodies.Part(true, RawBodies.DicomLike(1)) + RawBodies.End));
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(0xA700, body.GetProperty("00081198").GetProperty("Value")[0].GetProperty("00081197").GetProperty("Value")[0].GetInt32());
        Assert.Empty(Directory.GetFiles(Path.Combine(_data.Path, "pacs"), "*", SearchOption.AllDirectories));
        var health = await _client.GetFromJsonAsync<JsonElement>("/api/v1/health");
        Assert.Equal("ok", health.GetProperty("status").GetString());
    }
}
