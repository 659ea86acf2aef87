using System.Diagnostics;
using System.Globalization;

namespace ChestScreener.LoadTest;

/// <summary>
/// `load`: N concurrent uploads of one small study, then a burst of M more beyond the queue limit; waits until every
/// accepted study is finished, stops the server and checks the data folder. Prints the numbers for docs/RELIABILITY.md.
/// </summary>
public static class LoadRun
{
    public static async Task<int> RunAsync(Settings s)
    {
        var data = Path.Combine(s.WorkDir, "load-data");
        if (Directory.Exists(data)) Directory.Delete(data, true);
        Directory.CreateDirectory(data);
        var server = new ServerProcess(s.Screener, data, s.Workers, new Dictionary<string, string>
        {
            ["MaxQueuedStudies"] = s.QueueLimit.ToString(CultureInfo.InvariantCulture),
            ["MaxConcurrentUploads"] = s.UploadLimit.ToString(CultureInfo.InvariantCulture),
            ["RetryAfterSeconds"] = "5",
            ["QueuePollSeconds"] = "0.2",
            ["MemoryBudgetMb"] = s.MemoryBudgetMb.ToString(CultureInfo.InvariantCulture),
        });
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(2) };
        using var _ = server;
        await server.StartAsync(http);
        var client = new StudyClient(http, server.BaseUri);
        var zip = StudyClient.MakeStudyZip(s.FilesPerStudy, s.BytesPerFile, 1);
        Console.WriteLine($"server pid {server.Pid} on {server.BaseUri}; study zip {zip.Length / 1024.0 / 1024:0.00} MB ({s.FilesPerStudy} files); queue limit {s.QueueLimit}, upload limit {s.UploadLimit}, workers {s.Workers}");

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(s.MaxSeconds));
        var clock = Stopwatch.StartNew();
        var accepted = new Dictionary<string, double>(StringComparer.Ordinal);   // id -> accept time (s since start)
        var phaseA = await Phase(client, zip, s.Uploads, "a", cts.Token);
        var phaseB = await Phase(client, zip, s.Burst, "b", cts.Token);
        foreach (var (o, started) in phaseA.Concat(phaseB))
        {
            if (o.Id is not null) accepted[o.Id] = started + o.Seconds;
        }
        Print("phase A (concurrent uploads)", phaseA.Select(p => p.Outcome).ToList());
        Print("phase B (burst beyond the queue limit)", phaseB.Select(p => p.Outcome).ToList());

        // Wait for every accepted study; latency = accept -> first poll that sees it finished.
        var finishedAt = new Dictionary<string, double>(StringComparer.Ordinal);
        while (finishedAt.Count < accepted.Count && !cts.IsCancellationRequested)
        {
            foreach (var id in accepted.Keys.Where(k => !finishedAt.ContainsKey(k)).ToList())
            {
                var st = await client.StatusAsync(id, cts.Token);
                if (st is { } v && StudyClient.IsFinished(v.Status)) finishedAt[id] = clock.Elapsed.TotalSeconds;
            }
            await Task.Delay(250);
        }
        double total = clock.Elapsed.TotalSeconds;
        server.Stop();
        var rows = StoreInspection.Read(data);
        var e2e = finishedAt.Select(kv => kv.Value - accepted[kv.Key]).ToList();
        var uploadLatency = phaseA.Concat(phaseB).Where(p => p.Outcome.Status == 202).Select(p => p.Outcome.Seconds).ToList();
        var refusedLatency = phaseA.Concat(phaseB).Where(p => p.Outcome.Status is 429 or 503).Select(p => p.Outcome.Seconds).ToList();
        int lost = accepted.Keys.Count(id => !rows.TryGetValue(id, out var r) || r.Status != "done" || !r.HasResultJson);
        int twice = rows.Values.Count(r => r.Runs != 1);
        int extra = rows.Keys.Count(id => !accepted.ContainsKey(id));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
            accepted {accepted.Count}, refused 429 {Count(phaseA, phaseB, 429)}, refused 503 {Count(phaseA, phaseB, 503)}, other {phaseA.Concat(phaseB).Count(p => p.Outcome.Status is not (202 or 429 or 503))}
            completed {finishedAt.Count} of {accepted.Count} in {total:0.0} s; lost {lost}; processed more than once {twice}; rows not accepted {extra}; orphan folders {StoreInspection.OrphanFolders(data, rows)}; work/partial leftovers {rows.Values.Sum(r => r.WorkFolders + r.PartialFolders)}
            upload latency (202) p50 {Stats.Percentile(uploadLatency, 50):0.000} s, p95 {Stats.Percentile(uploadLatency, 95):0.000} s; refusal latency (429/503) p50 {Stats.Percentile(refusedLatency, 50):0.000} s, p95 {Stats.Percentile(refusedLatency, 95):0.000} s
            accept -> done p50 {Stats.Percentile(e2e, 50):0.0} s, p95 {Stats.Percentile(e2e, 95):0.0} s, max {(e2e.Count > 0 ? e2e.Max() : 0):0.0} s
            peak server RSS {server.PeakRssBytes / 1048576.0:0} MB
            """));
        return lost == 0 && twice == 0 && extra == 0 && finishedAt.Count == accepted.Count ? 0 : 1;
    }

    private static int Count(List<(UploadOutcome Outcome, double Started)> a, List<(UploadOutcome Outcome, double Started)> b, int status) =>
        a.Concat(b).Count(p => p.Outcome.Status == status);

    private static async Task<List<(UploadOutcome Outcome, double Started)>> Phase(StudyClient client, byte[] zip, int count, string tag, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var start = new TaskCompletionSource();
        var tasks = Enumerable.Range(0, count).Select(async i =>
        {
            await start.Task;
            double started = clock.Elapsed.TotalSeconds;
            return (await client.UploadAsync(zip, $"study-{tag}{i:D3}.zip", ct), started);
        }).ToList();
        start.SetResult();
        return [.. await Task.WhenAll(tasks)];
    }

    private static void Print(string what, IReadOnlyList<UploadOutcome> outcomes)
    {
        var byStatus = string.Join(", ", outcomes.GroupBy(o => o.Status).OrderBy(g => g.Key).Select(g => $"{(g.Key == 0 ? "no answer" : g.Key.ToString(CultureInfo.InvariantCulture))}: {g.Count()}"));
        var retry = outcomes.Where(o => o.RetryAfterSeconds is not null).Select(o => o.RetryAfterSeconds!.Value).Distinct().ToList();
        Console.WriteLine($"{what}: {outcomes.Count} uploads -> {byStatus}{(retry.Count > 0 ? $"; Retry-After {string.Join("/", retry)} s" : "")}");
        foreach (var o in outcomes.Where(o => o.Status is not (202 or 429 or 503)).Take(3)) Console.WriteLine($"  e.g. {o.Status}: {o.Error}");
    }
}
