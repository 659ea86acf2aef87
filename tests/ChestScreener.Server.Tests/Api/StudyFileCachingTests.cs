using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using ChestScreener.Imaging.Nifti;
using ChestScreener.Server.Api;
using ChestScreener.Server.Processing;
using ChestScreener.Tests;

namespace ChestScreener.Server.Tests.Api;

/// <summary>The viewer's images: versioned links cached for good, revalidation by ETag, and a preview on the same patient grid.</summary>
public sealed class StudyFileCachingTests : IDisposable
{
    private readonly TempFolder _data = TestData.NewTempFolder();
    private readonly ServerFactory _factory;
    private readonly HttpClient _client;

    public StudyFileCachingTests()
    {
        _factory = new ServerFactory(_data.Path, new CountingProcessor(TimeSpan.FromMilliseconds(20)));
        _client = _factory.CreateClient();
    }

    public void Dispose()
    {
        _client.Dispose();
        _factory.Dispose();
        _data.Dispose();
    }

    [Fact]
    public async Task Volume_links_are_versioned_immutable_and_revalidate_with_their_etag()
    {
        var response = await _client.PostAsync("/api/v1/studies", TestUploads.Form(("a.dcm", TestUploads.DicomLike(1))));
        var id = (await response.Content.ReadFromJsonAsync<StudyDto>(TestUploads.Json))!.Id;
        var done = await TestUploads.WaitFinishedAsync(_client, id);
        var link = done.Links[StudyFiles.Volume];
        Assert.Matches($"^/api/v1/studies/{id}/volume\\.nii\\.gz\\?v=[0-9a-f]+-[0-9a-f]+$", link);

        var first = await _client.GetAsync(link);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.True(first.Headers.CacheControl!.Private);
        Assert.Equal(TimeSpan.FromDays(365), first.Headers.CacheControl.MaxAge);
        Assert.Contains("immutable", first.Headers.CacheControl.Extensions.Select(e => e.Name));
        var etag = first.Headers.ETag!;

        // Without the version (or with a stale one) the browser must revalidate; the same ETag answers 304 without a body.
        var unversioned = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/studies/{id}/volume.nii.gz");
        unversioned.Headers.IfNoneMatch.Add(etag);
        var again = await _client.SendAsync(unversioned);
        Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);
        Assert.True(again.Headers.CacheControl!.NoCache);

        // JSON stays uncached (it changes while a study runs).
        var json = await _client.GetAsync(done.Links[StudyFiles.ResultJson]);
        Assert.True(json.Headers.CacheControl!.NoStore);
    }

    [Fact]
    public async Task The_preview_volume_covers_the_same_patient_space_at_lower_resolution()
    {
        var response = await _client.PostAsync("/api/v1/studies", TestUploads.Form(("a.dcm", TestUploads.DicomLike(1))));
        var id = (await response.Content.ReadFromJsonAsync<StudyDto>(TestUploads.Json))!.Id;
        var done = await TestUploads.WaitFinishedAsync(_client, id);
        var fullPath = Path.Combine(_data.Path, "full.nii.gz");
        var previewPath = Path.Combine(_data.Path, "preview.nii.gz");
        await File.WriteAllBytesAsync(fullPath, await _client.GetByteArrayAsync(done.Links[StudyFiles.Volume]));
        await File.WriteAllBytesAsync(previewPath, await _client.GetByteArrayAsync(done.Links[StudyFiles.VolumePreview]));
        var full = NiftiReader.Read(fullPath).Values.Geometry;
        var preview = NiftiReader.Read(previewPath).Values.Geometry;
        Assert.True(preview.VoxelCount < full.VoxelCount);
        // The outer edges of the two grids are the same LPS planes (within a voxel of the full grid for odd sizes).
        var fullLo = full.IndexToLps(-0.5, -0.5, -0.5);
        var previewLo = preview.IndexToLps(-0.5, -0.5, -0.5);
        Assert.True((fullLo - previewLo).Length < 1e-3, $"{fullLo} vs {previewLo}");
        var fullHi = full.IndexToLps(full.SizeX - 0.5, full.SizeY - 0.5, full.SizeZ - 0.5);
        var previewHi = preview.IndexToLps(preview.SizeX - 0.5, preview.SizeY - 0.5, preview.SizeZ - 0.5);
        Assert.True((fullHi - previewHi).Length <= full.Spacing.Length + 1e-3, $"{fullHi} vs {previewHi}");
    }
}
