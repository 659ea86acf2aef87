using ChestScreener.Server.Storage;
using Microsoft.Extensions.Options;

namespace ChestScreener.Server.Pacs;

/// <summary>
/// Pulls studies from Orthanc and sends results back: reads /changes for StableStudy, downloads each new study that has a CT
/// series as a zip, queues it like an upload, and once the analysis is finished POSTs the DICOM results (SR, SC, SEG) of its
/// output folder to /instances, where Orthanc files them under the same study. Runs only when Screener:Pacs:OrthancUrl is set.
/// </summary>
public sealed class OrthancBridge(IOptions<PacsOptions> options, PacsIntake intake, IStudyStore store, StudyFolders folders, ILogger<OrthancBridge> log)
    : BackgroundService
{
    private string StatePath => Path.Combine(intake.StagingRoot, "orthanc.json");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        if (string.IsNullOrWhiteSpace(o.OrthancUrl)) return;
        var client = OrthancClient.Create(o);
        var state = OrthancState.Load(StatePath);
        log.LogInformation("Orthanc bridge polling {Url} every {Seconds} s", o.OrthancUrl, o.OrthancPollSeconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await TickAsync(client, state, o, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                log.LogWarning("Orthanc bridge: {Message}; retrying", e.Message);
            }
            try { await Task.Delay(TimeSpan.FromSeconds(o.OrthancPollSeconds), stoppingToken); } catch (OperationCanceledException) { break; }
        }
    }

    /// <summary>One round: new stable studies in, finished results out. Public for tests that drive the bridge step by step.</summary>
    public async Task TickAsync(OrthancClient client, OrthancState state, PacsOptions o, CancellationToken ct)
    {
        if (state.Since < 0)
        {
            state.Since = o.OrthancProcessExisting ? 0 : await client.LastSeqAsync(ct);
            state.Save(StatePath);
        }
        bool done;
        do
        {
            var (changes, last, isDone) = await client.ChangesAsync(state.Since, ct);
            foreach (var c in changes)
            {
                if (c.ChangeType == "StableStudy" && !state.Studies.ContainsKey(c.Id)) await PullAsync(client, state, c.Id, ct);
            }
            state.Since = last;
            state.Save(StatePath);
            done = isDone;
        } while (!done);

        if (o.OrthancPushResults) await PushFinishedAsync(client, state, ct);
    }

    private async Task PullAsync(OrthancClient client, OrthancState state, string orthancId, CancellationToken ct)
    {
        var (uid, modalities) = await client.StudyAsync(orthancId, ct);
        if (!modalities.Contains("CT"))
        {
            state.Studies[orthancId] = new OrthancState.Entry { StudyUid = uid, Pushed = true, Note = $"no CT series ({string.Join(",", modalities)})" };
            return;
        }
        var staged = Path.Combine(intake.StagingRoot, "orthanc-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(staged);
        try
        {
            await client.DownloadArchiveAsync(orthancId, Path.Combine(staged, "study.zip"), ct);
            var id = intake.Submit($"Orthanc {uid}", staged, "pacs:orthanc", string.IsNullOrWhiteSpace(options.Value.OrthancSite) ? null : options.Value.OrthancSite);
            state.Studies[orthancId] = new OrthancState.Entry { StudyId = id, StudyUid = uid };
            log.LogInformation("Orthanc study {Orthanc} ({Uid}) queued as {Id}", orthancId, uid, id);
        }
        finally
        {
            StudyFolders.TryDelete(staged);
        }
    }

    private async Task PushFinishedAsync(OrthancClient client, OrthancState state, CancellationToken ct)
    {
        foreach (var (orthancId, entry) in state.Studies)
        {
            if (entry.Pushed || entry.StudyId.Length == 0) continue;
            var study = store.Get(entry.StudyId);
            if (study is null) { entry.Pushed = true; entry.Note = "study deleted before it finished"; state.Save(StatePath); continue; }
            if (!StudyStatus.IsFinished(study.Status)) continue;
            var output = folders.Output(entry.StudyId);
            var files = Directory.Exists(output) ? Directory.GetFiles(output, "*.dcm").Order(StringComparer.Ordinal).ToArray() : [];
            foreach (var f in files)
            {
                var parent = await client.UploadAsync(f, ct);
                if (parent != orthancId) log.LogWarning("Orthanc filed {File} under study {Parent}, not {Study}", Path.GetFileName(f), parent, orthancId);
            }
            entry.Pushed = true;
            entry.PushedFiles = files.Length;
            entry.Note = files.Length == 0 ? $"no DICOM results ({study.Status})" : null;
            state.Save(StatePath);
            log.LogInformation("Orthanc study {Orthanc}: {Count} result instances sent back", orthancId, files.Length);
        }
    }
}
