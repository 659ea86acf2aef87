namespace ChestScreener.Dicom.Input;

/// <summary>The files an input list expands to; owns the temp folders of unpacked zips and removes them on dispose.</summary>
internal sealed class CollectedInputs : IDisposable
{
    public List<string> CandidateFiles { get; } = [];
    public List<string> NiftiFiles { get; } = [];
    public List<string> TempFolders { get; } = [];
    /// <summary>Maps an unpacked file back to "archive.zip!entry" so messages name what the user sent.</summary>
    public Dictionary<string, string> DisplayNames { get; } = new(StringComparer.Ordinal);

    public string Display(string path) => DisplayNames.TryGetValue(path, out var name) ? name : path;

    public void Dispose()
    {
        foreach (var folder in TempFolders)
        {
            try
            {
                if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
        TempFolders.Clear();
    }
}
