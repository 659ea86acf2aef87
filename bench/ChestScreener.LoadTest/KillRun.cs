using System.Globalization;

namespace ChestScreener.LoadTest;

/// <summary>
/// `kill`: uploads N studies while the server is killed with SIGKILL at random moments and restarted on the same data
/// folder; then lets it finish and checks that every accepted study (202 received) completed exactly once: status done,
/// one result, a finish time that never changed once seen, one "finished" log line, and no work or partial folders left.
/// </summary>
public static class KillRun
{
    public static async Task<int> RunAsync(Settings s)
    {
        var data = Path.Combine(s.WorkDir, "kill-data");
        if (Directory.Exists(data)) Directory.Delete(data, true);
        Directory.CreateDirectory(data);
        var server = new ServerProcess(s.Screener, data, s.Workers, new Dictionary<string, string>
        {
            ["QueuePollSeconds"] = "0.2",
            ["LeaseSeconds"] = "5",
            ["SweepSeconds"] = "1",
            ["InvisibilityTimeoutMinutes"] = "1",
        });
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        using var _ = server;
        var rng = new Random(s.Seed);
        await server.StartAsync(http);
        var client = new StudyClient(http, server.BaseUri, s.UploadKbps * 1024);
        var zip = StudyClient.MakeStudyZip(s.FilesPerStudy, s.BytesPerFile, 2);
        Console.WriteLine($"kill test: {s.Uploads} uploads, {s.Kills} kills (seed {s.Seed}), study zip {zip.Length / 1024.0:0} kB{(s.UploadKbps > 0 ? $" sent at {s.UploadKbps} kB/s" : "")}, server {server.BaseUri}");

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(s.MaxSeconds));
        var accepted = new List<string>();
        var firstFinished = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        int noAnswer = 0, inProgress = 0, stuck = 0, replayed = 0;
        var serverUp = new SemaphoreSlim(1, 1);
        var killLog = new List<string>();

        // Two uploaders share the list; an upload cut off by a kill is sent again once the server is back.
        int next = -1;
        var uploads = Task.WhenAll(Enumerable.Range(0, 2).Select(u => Task.Run(async () =>
        {
            var local = new Random(s.Seed * 31 + u);
            int i;
            while ((i = Interlocked.Increment(ref next)) < s.Uploads)
            {
                int conflicts = 0;
                while (true)
                {
                    await serverUp.WaitAsync(cts.Token);
                    serverUp.Release();
                    var o = await client.UploadAsync(zip, $"kill-{i:D3}.zip", cts.Token, s.UseKeys ? $"kill-{s.Seed}-{i:D3}" : null);
                    // With keys, the answer to a resend after a lost 202 is the first attempt's study.
                    if (o.Id is not null)
                    {
                        if (o.Replayed) Interlocked.Increment(ref replayed);
                        lock (accepted) accepted.Add(o.Id);
                        break;
                    }
                    // 409: the first attempt with this key is still "receiving" (e.g. killed between input/ and queued).
                    if (o.Status == 409 && s.UseKeys)
                    {
                        Interlocked.Increment(ref inProgress);
                        if (++conflicts > 30) { Interlocked.Increment(ref stuck); break; }
                        await Task.Delay(1000, cts.Token);
                        continue;
                    }
                    if (o.Status != 0) throw new InvalidOperationException($"upload {i} refused: {o.Status} {o.Error}");
                    Interlocked.Increment(ref noAnswer);
                    await Task.Delay(200, cts.Token);
                }
                await Task.Delay(local.Next(0, 1500), cts.Token);
            }
        }, cts.Token)));

        for (int k = 0; k < s.Kills; k++)
        {
            // A kill lands 1-5 s after the server is up: during uploads, queued work or an analysis.
            await Task.Delay(rng.Next(1000, 5000), cts.Token);
            var states = await Snapshot(client, accepted, firstFinished, cts.Token);
            await serverUp.WaitAsync(cts.Token);
            server.Kill();
            killLog.Add($"kill {k + 1} at {states}");
            await Task.Delay(rng.Next(50, 500), cts.Token);
            await server.StartAsync(http);
            serverUp.Release();
        }
        await uploads;

        // Let it finish; record when each study is first seen finished.
        while (!cts.IsCancellationRequested)
        {
            await Snapshot(client, accepted, firstFinished, cts.Token);
            if (firstFinished.Count == accepted.Count) break;
            await Task.Delay(300, cts.Token);
        }
        await Task.Delay(2000, cts.Token);   // a late duplicate completion would show in the rows below
        server.Stop();

        var rows = StoreInspection.Read(data);
        var log = File.ReadAllText(Path.Combine(data, "server.log"));
        int bad = 0;
        foreach (var id in accepted)
        {
            var problems = new List<string>();
            if (!rows.TryGetValue(id, out var r)) problems.Add("no row");
            else
            {
                if (r.Status != "done") problems.Add("status " + r.Status);
                if (!r.HasResultJson) problems.Add("no result.json");
                if (r.WorkFolders + r.PartialFolders > 0) problems.Add("leftover folders");
                if (firstFinished.TryGetValue(id, out var seen) && r.FinishedMs != seen.ToUnixTimeMilliseconds()) problems.Add("finish time changed after it was seen (completed again)");
            }
            int finishedLines = CountOccurrences(log, $"study {id} finished");
            if (finishedLines > 1) problems.Add($"{finishedLines} 'finished' log lines");
            if (problems.Count > 0) { bad++; Console.WriteLine($"  {id}: {string.Join("; ", problems)}"); }
        }
        var unacknowledged = rows.Values.Where(r => !accepted.Contains(r.Id)).ToList();
        foreach (var line in killLog) Console.WriteLine("  " + line);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
            server starts {server.Starts} (kills {s.Kills}); uploads without an answer (resent) {noAnswer}; Idempotency-Key {(s.UseKeys ? "on" : "off")}: answers replayed from the key {replayed}, 409 answers {inProgress}, uploads given up behind a hidden receiving row {stuck}
            accepted {accepted.Count}; completed exactly once {accepted.Count - bad}; with problems {bad}
            re-run after a kill (runs > 1): {rows.Values.Count(r => accepted.Contains(r.Id) && r.Runs > 1)}; runs per study: {string.Join(", ", rows.Values.Where(r => accepted.Contains(r.Id)).GroupBy(r => r.Runs).OrderBy(g => g.Key).Select(g => $"{g.Key}x{g.Count()}"))}
            rows never acknowledged to the client: {unacknowledged.Count} ({string.Join(", ", unacknowledged.Select(r => r.Status))}); orphan folders {StoreInspection.OrphanFolders(data, rows)}
            peak server RSS {server.PeakRssBytes / 1048576.0:0} MB
            """));
        return bad == 0 && accepted.Count + stuck == s.Uploads ? 0 : 1;
    }

    /// <summary>Polls every accepted study; returns a one-line count by status for the kill log.</summary>
    private static async Task<string> Snapshot(StudyClient client, List<string> accepted, Dictionary<string, DateTimeOffset> firstFinished, CancellationToken ct)
    {
        List<string> ids;
        lock (accepted) ids = [.. accepted];
        var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var id in ids)
        {
            var st = await client.StatusAsync(id, ct);
            var status = st?.Status ?? "no answer";
            counts[status] = counts.GetValueOrDefault(status) + 1;
            if (st is { Finished: { } f } && StudyClient.IsFinished(st.Value.Status)) firstFinished.TryAdd(id, f);
        }
        return $"{ids.Count} accepted: " + string.Join(", ", counts.Select(kv => $"{kv.Key} {kv.Value}"));
    }

    private static int CountOccurrences(string text, string what)
    {
        int n = 0, at = 0;
        while ((at = text.IndexOf(what, at, StringComparison.Ordinal)) >= 0) { n++; at += what.Length; }
        return n;
    }
}
