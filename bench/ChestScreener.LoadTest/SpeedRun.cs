using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;

namespace ChestScreener.LoadTest;

/// <summary>
/// `speed`: the server path against the CLI on one real study (issue 19). One `screener analyze` of the folder (process
/// wall time), then for 1 and 2 workers a fresh server running the real pipeline: the study uploaded as one zip
/// <see cref="Settings.Sequential"/> times one after another, then <see cref="Settings.Concurrent"/> times at once.
/// Latency = upload complete (the 202) to the first poll (every 100 ms) that sees the study done; throughput = studies
/// done per minute from the first 202 of the concurrent batch to its last completion.
/// </summary>
public static class SpeedRun
{
    public static async Task<int> RunAsync(Settings s)
    {
        if (s.Study is null || !Directory.Exists(s.Study)) { Console.Error.WriteLine("speed: --study must name a DICOM folder"); return 2; }
        var zip = Zip(s.Study);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"study {s.Study}: zip {zip.Length / 1048576.0:0} MB; {Environment.ProcessorCount} cores; load average {LoadAverage()}"));

        double cli = Cli(s);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"CLI: screener analyze --threads {CliThreads(s)} --format json,pdf,nifti,dicom: {cli:0.00} s wall (process); load average {LoadAverage()}"));

        bool ok = true;
        foreach (int workers in new[] { 1, 2 })
        {
            var data = Path.Combine(s.WorkDir, $"speed-data-{workers}");
            if (Directory.Exists(data)) Directory.Delete(data, true);
            Directory.CreateDirectory(data);
            var serveArgs = new List<string> { "--processor", "pipeline", "--threads", s.Threads.ToString(CultureInfo.InvariantCulture) };
            if (s.Model is not null) serveArgs.AddRange(["--model", s.Model]);
            using var server = new ServerProcess(s.Screener, data, workers, new Dictionary<string, string> { ["QueuePollSeconds"] = "0.1" }, serveArgs);
            using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(5) };
            await server.StartAsync(http);
            var client = new StudyClient(http, server.BaseUri);
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(s.MaxSeconds));

            var one = new List<double>();
            for (int i = 0; i < s.Sequential; i++)
            {
                var r = await Batch(client, zip, 1, $"w{workers}-seq{i}", cts.Token);
                ok &= r.Failed == 0;
                one.AddRange(r.Latencies);
            }
            var batch = await Batch(client, zip, s.Concurrent, $"w{workers}-batch", cts.Token);
            ok &= batch.Failed == 0;
            server.Stop();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
                workers {workers} (threads per analysis {(s.Threads > 0 ? s.Threads.ToString(CultureInfo.InvariantCulture) : "server default")}):
                  one at a time: upload complete -> done {string.Join(", ", one.Select(v => v.ToString("0.00", CultureInfo.InvariantCulture)))} s (median {Stats.Percentile(one, 50):0.00}); server / CLI {Stats.Percentile(one, 50) / cli:0.00}
                  {s.Concurrent} at once: upload complete -> done median {Stats.Percentile(batch.Latencies, 50):0.00} s, max {(batch.Latencies.Count > 0 ? batch.Latencies.Max() : double.NaN):0.00} s; throughput {batch.PerMinute:0.0} studies/min; failed {batch.Failed}
                  peak server RSS {server.PeakRssBytes / 1048576.0:0} MB; load average {LoadAverage()}
                """));
        }
        return ok ? 0 : 1;
    }

    private sealed record BatchResult(List<double> Latencies, double PerMinute, int Failed);

    private static async Task<BatchResult> Batch(StudyClient client, byte[] zip, int count, string tag, CancellationToken ct)
    {
        var uploads = await Task.WhenAll(Enumerable.Range(0, count).Select(i => client.UploadAsync(zip, $"{tag}-{i}.zip", ct)));
        var clock = Stopwatch.StartNew();
        var acceptedAt = new Dictionary<string, double>(StringComparer.Ordinal);
        int failed = uploads.Count(u => u.Id is null);
        // Uploads end at different moments; each one's 202 is its own start (measured from when the last answer came back, less its own lag).
        double lastUpload = uploads.Max(u => u.Seconds);
        foreach (var u in uploads.Where(u => u.Id is not null)) acceptedAt[u.Id!] = u.Seconds - lastUpload;
        var doneAt = new Dictionary<string, double>(StringComparer.Ordinal);
        while (doneAt.Count < acceptedAt.Count && !ct.IsCancellationRequested)
        {
            foreach (var id in acceptedAt.Keys.Where(k => !doneAt.ContainsKey(k)).ToList())
            {
                if (await client.StatusAsync(id, ct) is not { } st || !StudyClient.IsFinished(st.Status)) continue;
                doneAt[id] = clock.Elapsed.TotalSeconds;
                if (st.Status != "done") { failed++; Console.WriteLine($"  {id}: {st.Status}"); }
            }
            await Task.Delay(100, ct);
        }
        var latencies = doneAt.Select(kv => kv.Value - acceptedAt[kv.Key]).ToList();
        double span = doneAt.Count > 0 ? doneAt.Values.Max() - acceptedAt.Values.Min() : double.NaN;
        return new BatchResult(latencies, doneAt.Count / span * 60, failed + acceptedAt.Count - doneAt.Count);
    }

    private static int CliThreads(Settings s) => s.Threads > 0 ? s.Threads : Environment.ProcessorCount;

    // The same study through `screener analyze` with the outputs the server writes (PipelineStudyProcessor: json, pdf,
    // NIfTI, DICOM), timed as a process: a cold start, like the server's first study on a fresh pipeline.
    private static double Cli(Settings s)
    {
        var outDir = Path.Combine(s.WorkDir, "speed-cli");
        if (Directory.Exists(outDir)) Directory.Delete(outDir, true);
        var psi = new ProcessStartInfo(s.Screener) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "analyze", s.Study!, "--threads", CliThreads(s).ToString(CultureInfo.InvariantCulture), "--out", outDir, "--format", "json,pdf,nifti,dicom", "--force" }) psi.ArgumentList.Add(a);
        if (s.Model is not null) { psi.ArgumentList.Add("--model"); psi.ArgumentList.Add(s.Model); }
        var clock = Stopwatch.StartNew();
        using var p = Process.Start(psi) ?? throw new InvalidOperationException("screener analyze did not start");
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        p.WaitForExit();
        double seconds = clock.Elapsed.TotalSeconds;
        if (p.ExitCode != 0) throw new InvalidOperationException($"screener analyze exited with {p.ExitCode}: {stderr.Result}{stdout.Result}");
        return seconds;
    }

    private static byte[] Zip(string folder)
    {
        using var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var f in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
                zip.CreateEntryFromFile(f, Path.GetRelativePath(folder, f), CompressionLevel.NoCompression);
        return ms.ToArray();
    }

    private static string LoadAverage()
    {
        try { return string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)); }
        catch (IOException) { return "?"; }
    }
}
