using ChestScreener.Files;
using ChestScreener.Server.Options;
using Microsoft.Extensions.Options;

namespace ChestScreener.Server.Storage;

/// <summary>
/// This process's temp folder under the data folder (<c>DATA/tmp/proc-{host}-{pid}-{random}</c>): zips are unpacked there, never
/// in the system temp folder, so patient data stays in the one place that is protected, backed up and deleted with the data.
/// Made (and earlier processes' leftovers swept) on start; removed when the host is disposed, after the jobs have stopped.
/// </summary>
public sealed class ServerTempFolder : IHostedService, IDisposable
{
    /// <summary>A folder of another host (scale-out on a shared volume) not written to for this long is an orphan.</summary>
    public static readonly TimeSpan StaleAfter = TimeSpan.FromHours(24);

    private readonly ProcessTempFolder _folder;

    public ServerTempFolder(IOptions<ServerOptions> options, ILogger<ServerTempFolder> log)
    {
        var data = System.IO.Path.GetFullPath(options.Value.DataDir);
        if (!PrivateFiles.RestrictFolder(data)) log.LogWarning("could not set the data folder {Folder} to mode 0700 (not its owner?)", data);
        _folder = ProcessTempFolder.Create(System.IO.Path.Combine(data, "tmp"), "proc-", StaleAfter);
        foreach (var swept in _folder.Swept) log.LogInformation("removed the temp folder {Folder} of a process that is gone", swept);
    }

    public string Path => _folder.Path;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public void Dispose() => _folder.Dispose();
}
