namespace ChestScreener.Server.Uploads;

/// <summary>
/// Opens the files that uploads and STOW-RS parts are streamed into. One place for it, so tests can stand in a file that fails
/// as a full disk does (there is no way to fill a disk for a test without root).
/// </summary>
public class UploadFiles
{
    public const int BufferSize = 1 << 16;

    /// <summary>A new file for writing; fails if <paramref name="path"/> exists.</summary>
    public virtual Stream Create(string path) =>
        new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferSize, useAsync: true);
}
