namespace ChestScreener.Server.Api;

/// <summary>A short token that changes whenever a result file is rewritten (a re-analysis): the ETag and the ?v= of its link.</summary>
public static class FileVersion
{
    public static string Of(FileInfo file) =>
        $"{file.LastWriteTimeUtc.Ticks:x}-{file.Length:x}";
}
