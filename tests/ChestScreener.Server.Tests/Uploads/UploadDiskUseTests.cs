using System.Net;
using System.Text;
using ChestScreener.Server.Uploads;
using ChestScreener.Tests;

namespace ChestScreener.Server.Tests.Uploads;

/// <summary>
/// What an upload leaves on disk (issue 20, finding 8): a part that is not DICOM, zip or NIfTI is recognised from its first
/// bytes and never written; a study the analysis rejects loses its input/ unless Screener:KeepRejectedInputs keeps it.
/// </summary>
public sealed class UploadDiskUseTests
{
    /// <summary>A request body read in small pieces; before each read it looks at what the upload has written so far.</summary>
    private sealed class WatchedBody(byte[] body, Action beforeRead) : MemoryStream(body)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default)
        {
            beforeRead();
            return base.ReadAsync(buffer[..Math.Min(buffer.Length, 4096)], ct);
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) => ReadAsync(buffer.AsMemory(offset, count), ct).AsTask();
    }

    [Fact]
    public async Task A_junk_part_is_read_past_without_ever_being_written()
    {
        using var data = TestData.NewTempFolder();
        var junk = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("not an image, only words. ", 20_000)));
        var form = TestUploads.Form(("junk.txt", junk), ("a.dcm", TestUploads.DicomLike(1)));
        var study = Path.Combine(data.Path, "study");
        var input = Path.Combine(study, "input");
        Directory.CreateDirectory(input);
        long largestJunkOnDisk = -1;
        var http = new Microsoft.AspNetCore.Http.DefaultHttpContext();
        http.Request.ContentType = form.Headers.ContentType!.ToString();
        http.Request.Body = new WatchedBody(await form.ReadAsByteArrayAsync(), () =>
        {
            foreach (var f in Directory.GetFiles(study, "*junk*", SearchOption.AllDirectories))
                largestJunkOnDisk = Math.Max(largestJunkOnDisk, new FileInfo(f).Length);
        });

        var summary = await new UploadReceiver(Microsoft.Extensions.Options.Options.Create(new Server.Options.ServerOptions())).ReceiveAsync(http.Request, input, CancellationToken.None);
        Assert.Equal((1, 1), (summary.Files, summary.Skipped));
        Assert.Equal(-1, largestJunkOnDisk); // no junk file ever existed, not even partly written
        Assert.Single(Directory.GetFiles(input));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_rejected_studys_input_is_removed_unless_the_setting_keeps_it(bool keep)
    {
        using var data = TestData.NewTempFolder();
        using var factory = new ServerFactory(data.Path, new CountingProcessor(TimeSpan.Zero),
            keep ? new Dictionary<string, string> { ["Screener:KeepRejectedInputs"] = "true" } : null);
        var client = factory.CreateClient();
        // The fake processor rejects uploads named not-chest (not_chest).
        var study = await TestUploads.UploadAsync(client, ("not-chest.dcm", TestUploads.DicomLike(1)));
        var finished = await TestUploads.WaitFinishedAsync(client, study.Id);
        Assert.Equal("rejected", finished.Status);

        var folder = Path.Combine(data.Path, "studies", study.Id);
        Assert.Equal(keep, Directory.Exists(Path.Combine(folder, "input")));
        // What the rejected study shows is still there: the rejection and its result.json.
        Assert.Equal("not_chest", finished.Rejection?.Code);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/v1/studies/{study.Id}/result.json")).StatusCode);
        Assert.True(File.Exists(Path.Combine(folder, "output", "result.json")));
    }
}
