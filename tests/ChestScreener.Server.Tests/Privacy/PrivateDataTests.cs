using System.Diagnostics;
using System.Runtime.Versioning;
using ChestScreener.Server.Processing;
using ChestScreener.Server.Storage;
using ChestScreener.Server.Uploads;
using ChestScreener.Tests;
using Microsoft.Extensions.DependencyInjection;

namespace ChestScreener.Server.Tests.Privacy;

/// <summary>
/// Issue 20, finding 7: the server's temp files live under the data folder (swept of dead processes' leftovers on start,
/// its own removed at the end), and what it stores is private to its user: files 0600, folders 0700.
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed class PrivateDataTests : IDisposable
{
    private const UnixFileMode Folder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode File600 = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private readonly TempFolder _data = TestData.NewTempFolder();

    public void Dispose() => _data.Dispose();

    private static int DeadPid()
    {
        using var p = Process.Start(new ProcessStartInfo("true"))!;
        p.WaitForExit();
        return p.Id;
    }

    [Fact]
    public void Temp_folders_of_dead_processes_are_swept_on_start_live_ones_kept_and_the_own_one_removed_at_the_end()
    {
        var tmp = Path.Combine(_data.Path, "tmp");
        var host = ChestScreener.Files.ProcessStamp.Host();
        var dead = Path.Combine(tmp, $"proc-{host}-{DeadPid()}-0badcafe");
        var live = Path.Combine(tmp, $"proc-{host}-1-00c0ffee"); // pid 1 is always alive
        foreach (var f in new[] { dead, live })
        {
            Directory.CreateDirectory(Path.Combine(f, "chestscreener-unzip-x"));
            File.WriteAllText(Path.Combine(f, "chestscreener-unzip-x", "slice.dcm"), "patient data");
        }

        string own;
        using (var factory = new ServerFactory(_data.Path, settings: new Dictionary<string, string> { ["Screener:Processor"] = "pipeline" }))
        {
            var processor = Assert.IsType<PipelineStudyProcessor>(factory.Services.GetRequiredService<IStudyProcessor>());
            own = processor.TempFolder!;
            Assert.Equal(tmp, Path.GetDirectoryName(own));
            Assert.True(Directory.Exists(own));
            Assert.Equal(Folder, File.GetUnixFileMode(own));
            Assert.False(Directory.Exists(dead));
            Assert.True(Directory.Exists(live));
        }
        // WebApplicationFactory lets the entry point's thread dispose the host, a moment after Dispose returns.
        for (var i = 0; i < 200 && Directory.Exists(own); i++) Thread.Sleep(50);
        Assert.False(Directory.Exists(own));
    }

    [Fact]
    public async Task Databases_study_folders_uploads_and_results_are_owner_only()
    {
        using var factory = new ServerFactory(_data.Path, new CountingProcessor(TimeSpan.FromMilliseconds(10)));
        using var client = factory.CreateClient();
        var study = await TestUploads.UploadAsync(client, ("series/a.dcm", TestUploads.DicomLike(1)), ("series/b.dcm", TestUploads.DicomLike(2)));
        Assert.Equal("done", (await TestUploads.WaitFinishedAsync(client, study.Id)).Status);

        var folders = new StudyFolders(_data.Path);
        Assert.Equal(Folder, File.GetUnixFileMode(_data.Path));
        Assert.Equal(Folder, File.GetUnixFileMode(folders.Study(study.Id)));
        Assert.Equal(Folder, File.GetUnixFileMode(folders.Input(study.Id)));
        Assert.Equal(File600, File.GetUnixFileMode(Path.Combine(_data.Path, "studies.db")));
        var files = Directory.GetFiles(folders.Input(study.Id)).Concat(Directory.GetFiles(folders.Output(study.Id))).ToList();
        Assert.NotEmpty(files);
        Assert.All(files, f => Assert.Equal(File600, File.GetUnixFileMode(f)));
        foreach (var db in Directory.GetFiles(_data.Path, "*.db")) Assert.Equal(File600, File.GetUnixFileMode(db));
    }
}
