using ChestScreener.Server.Uploads;

namespace ChestScreener.Server.Tests.Storage;

/// <summary>
/// Upload files on a disk that can be made "full": once <see cref="Full"/> is set, a new file is created but every write fails
/// as on a full disk — for real through /dev/full where there is one (Linux: ENOSPC), else with the error code a full disk gives.
/// </summary>
public sealed class FullDiskFiles : UploadFiles
{
    public volatile bool Full;

    public override Stream Create(string path)
    {
        var file = base.Create(path);
        if (!Full) return file;
        file.Dispose();
        if (File.Exists("/dev/full")) return new FileStream("/dev/full", FileMode.Open, FileAccess.Write, FileShare.ReadWrite, bufferSize: 1);
        throw new IOException("There is not enough space on the disk.", OperatingSystem.IsWindows() ? unchecked((int)0x80070070) : 28);
    }
}
