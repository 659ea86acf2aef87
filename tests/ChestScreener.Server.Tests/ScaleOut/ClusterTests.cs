using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using ChestScreener.Server.Api;
using ChestScreener.Tests;
using Npgsql;
using Xunit.Abstractions;
using ChestScreener.Server.Testing;

namespace ChestScreener.Server.Tests.ScaleOut;

/// <summary>
/// The scale-out topology with real processes: PostgreSQL, one api process and two worker processes on a shared data folder,
/// the fake processor. 20 studies complete exactly once; a worker killed mid-study has that study finished by the other;
/// throughput with two workers and then one is measured and reported (not asserted).
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed partial class ClusterTests(PostgresCluster pg, ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(150);

    [SkippableFact]
    public async Task Api_and_two_workers_finish_every_study_once_and_survive_a_killed_worker()
    {
        var cs = pg.NewDatabase();
        using var data = TestData.NewTempFolder();
        var port = LoopbackPort.Free();
        string[] common =
        [
            "--Screener:Store=postgres", $"--Screener:Database={cs}", $"--Screener:DataDir={data.Path}", "--Screener:Processor=fake",
            "--Screener:QueuePollSeconds=0.2", "--Screener:LeaseSeconds=10", "--Screener:SweepSeconds=1", "--Screener:InvisibilityTimeoutMinutes=1",
            $"--Screener:ViewerRoot={Path.Combine(data.Path, "no-viewer")}", "--Screener:Auth:Enabled=false",
        ];
        var procs = new List<ServerProcess>();
        var alive = new List<ServerProcess>();
        try
        {
            var api = Start(procs, alive, "api", data.Path, [.. common, "--urls", $"http://127.0.0.1:{port}", "--Screener:Role=api"]);
            var a = Start(procs, alive, "worker-a", data.Path, [.. common, "--Screener:Role=worker"]);
            var b = Start(procs, alive, "worker-b", data.Path, [.. common, "--Screener:Role=worker"]);
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            await WaitAsync(alive, async () => (await TryGet(client, "/api/v1/health")) == HttpStatusCode.OK, "the api to answer");
            await WaitAsync(alive, () => Task.FromResult(Scalar(cs, "SELECT count(*) FROM hangfire.server") == 2), "both workers to register");

            // Warm-up (first-call compilation in every process), then 1. twenty studies on two workers.
            await WaitAllFinishedAsync(alive, client, await UploadAsync(client, 2, "w"));
            var clock = Stopwatch.StartNew();
            var batch1 = await UploadAsync(client, 20, "s");
            var uploaded1 = clock.Elapsed.TotalSeconds;
            await WaitAllFinishedAsync(alive, client, batch1);
            var twoWorkers = clock.Elapsed.TotalSeconds;
            AssertFinishedOnce(cs, procs, batch1);
            // Re-runs are allowed (a worker starved of CPU past its lease is taken over) but reported: normally none.
            var reruns1 = Scalar(cs, $"SELECT coalesce(sum(runs - 1), 0) FROM screener.studies WHERE id IN ({Quoted(batch1)})");
            Assert.True(Finishes(a).Count > 0 && Finishes(b).Count > 0, "both workers took studies");

            // 2. Kill worker b while it analyses a study: the study goes back after its lease and worker a finishes it.
            var batch2 = await UploadAsync(client, 4, "k");
            string? victim = null;
            await WaitAsync(alive, () =>
            {
                victim = Text(cs, $"SELECT id FROM screener.studies WHERE status = 'processing' AND worker LIKE '%:{b.Pid}:%' AND stage IN ('starting', 'load', 'anatomy') LIMIT 1");
                return Task.FromResult(victim is not null);
            }, "worker b to start a study");
            var killed = Stopwatch.StartNew();
            b.Kill();
            alive.Remove(b);
            await WaitAllFinishedAsync(alive, client, batch2);
            var recovered = killed.Elapsed.TotalSeconds;
            AssertFinishedOnce(cs, procs, batch2);
            Assert.DoesNotContain(victim!, Finishes(b));
            Assert.Contains(victim!, Finishes(a));
            Assert.True(Scalar(cs, $"SELECT runs FROM screener.studies WHERE id = '{victim}'") >= 2, "the killed study ran again");
            Assert.Contains($":{a.Pid}:", Text(cs, $"SELECT completed_by FROM screener.studies WHERE id = '{victim}'"));
            var victimDir = Path.Combine(data.Path, "studies", victim!);
            Assert.True(File.Exists(Path.Combine(victimDir, "output", "result.json")));
            Assert.Empty(Directory.GetDirectories(victimDir, "work-*"));

            // 3. The same work on the one remaining worker, for the throughput comparison.
            clock.Restart();
            var batch3 = await UploadAsync(client, 10, "o");
            var uploaded3 = clock.Elapsed.TotalSeconds;
            await WaitAllFinishedAsync(alive, client, batch3);
            var oneWorker = clock.Elapsed.TotalSeconds;
            AssertFinishedOnce(cs, procs, batch3);

            var all = (await client.GetFromJsonAsync<StudyDto[]>("/api/v1/studies", TestUploads.Json))!;
            Assert.Equal(36, all.Length);
            Assert.All(all, s => Assert.Equal("done", s.Status));

            var report = new
            {
                two_workers = Measure(cs, batch1, twoWorkers, uploaded1),
                one_worker = Measure(cs, batch3, oneWorker, uploaded3),

                killed_study_finished_after_s = Math.Round(recovered, 2),
                lease_s = 10,
                reruns_with_two_workers = reruns1,
                processor = "fake (5 x 150 ms + three small NIfTI writes per study)",
                cores = Environment.ProcessorCount,
            };
            var json = JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true });
            output.WriteLine(json);
            var artifacts = Path.Combine(TestData.RepoRoot, "artifacts");
            if (Directory.Exists(artifacts)) File.WriteAllText(Path.Combine(artifacts, "scaleout-cluster.json"), json);
        }
        catch
        {
            foreach (var p in procs) output.WriteLine(p.Tail());
            throw;
        }
        finally
        {
            foreach (var p in procs) p.Dispose();
            NpgsqlConnection.ClearAllPools();
        }
    }

    /// <summary>Wall time (first upload to last result), upload time, and from the database: first start to last finish, mean analysis time.</summary>
    private static object Measure(string cs, List<string> ids, double wall, double upload)
    {
        var list = Quoted(ids);
        using var c = new NpgsqlConnection(cs);
        c.Open();
        using var cmd = new NpgsqlCommand($"""
            SELECT extract(epoch FROM max(finished_at) - min(started_at)), avg(extract(epoch FROM finished_at - started_at))
            FROM screener.studies WHERE id IN ({list})
            """, c);
        using var r = cmd.ExecuteReader();
        r.Read();
        var span = Convert.ToDouble(r.GetValue(0));
        return new
        {
            studies = ids.Count,
            wall_s = Math.Round(wall, 2),
            upload_s = Math.Round(upload, 2),
            processing_span_s = Math.Round(span, 2),
            mean_study_s = Math.Round(Convert.ToDouble(r.GetValue(1)), 2),
            studies_per_minute = Math.Round(ids.Count / span * 60, 1),
        };
    }

    private static string Quoted(IEnumerable<string> ids) => string.Join(",", ids.Select(i => $"'{i}'"));

    private static ServerProcess Start(List<ServerProcess> procs, List<ServerProcess> alive, string name, string dir, string[] args)
    {
        var p = new ServerProcess(name, dir, args);
        procs.Add(p);
        alive.Add(p);
        return p;
    }

    private static async Task<List<string>> UploadAsync(HttpClient client, int count, string prefix)
    {
        // Four at a time, so the upload rate does not cap the measured throughput.
        var ids = new string[count];
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, _) =>
            ids[i] = (await TestUploads.UploadAsync(client, ($"{prefix}{i}.dcm", TestUploads.DicomLike(i)))).Id);
        return [.. ids];
    }

    private static async Task WaitAllFinishedAsync(List<ServerProcess> procs, HttpClient client, List<string> ids) =>
        await WaitAsync(procs, async () =>
        {
            var list = (await client.GetFromJsonAsync<StudyDto[]>("/api/v1/studies", TestUploads.Json))!;
            var finished = list.Where(s => s.Status is "done" or "rejected" or "failed").Select(s => s.Id).ToHashSet();
            return ids.All(finished.Contains);
        }, $"{ids.Count} studies to finish");

    /// <summary>Each study was written to completion by exactly one worker process, as their logs say.</summary>
    private static void AssertFinishedOnce(string cs, IEnumerable<ServerProcess> workers, List<string> ids)
    {
        // The store can say "done" before the worker's "finished" log line has crossed its stdout pipe into our reader;
        // on a loaded machine that takes a moment, so wait (bounded) for every line before counting.
        Dictionary<string, int> Count()
        {
            var c = new Dictionary<string, int>();
            foreach (var w in workers)
                foreach (var id in Finishes(w)) c[id] = c.GetValueOrDefault(id) + 1;
            return c;
        }
        var counts = Count();
        for (var until = DateTime.UtcNow + TimeSpan.FromSeconds(15); ids.Any(id => !counts.ContainsKey(id)) && DateTime.UtcNow < until; counts = Count())
            Thread.Sleep(200);
        foreach (var id in ids)
        {
            Assert.True(counts.GetValueOrDefault(id) == 1, $"study {id} finished {counts.GetValueOrDefault(id)} times");
            Assert.Equal("done", Text(cs, $"SELECT status FROM screener.studies WHERE id = '{id}'"));
        }
    }

    private static List<string> Finishes(ServerProcess p) =>
        [.. p.Lines.Select(l => FinishedLine().Match(l)).Where(m => m.Success).Select(m => m.Groups[1].Value)];

    [GeneratedRegex("study ([0-9a-f]{32}) finished:")]
    private static partial Regex FinishedLine();

    private static async Task WaitAsync(List<ServerProcess> procs, Func<Task<bool>> done, string what)
    {
        var until = DateTime.UtcNow + Patience;
        while (true)
        {
            foreach (var p in procs)
                Assert.False(p.Exited, $"{p.Name} exited while waiting for {what}\n{p.Tail()}");
            if (await done()) return;
            Assert.True(DateTime.UtcNow < until, $"timed out waiting for {what}");
            await Task.Delay(50);
        }
    }

    private static async Task<HttpStatusCode?> TryGet(HttpClient client, string path)
    {
        try { return (await client.GetAsync(path)).StatusCode; }
        catch (HttpRequestException) { return null; }
    }

    private static long Scalar(string cs, string sql)
    {
        try
        {
            using var c = new NpgsqlConnection(cs);
            c.Open();
            using var cmd = new NpgsqlCommand(sql, c);
            return Convert.ToInt64(cmd.ExecuteScalar());
        }
        catch (PostgresException e) when (e.SqlState == "42P01") { return -1; } // table not created yet
    }

    private static string? Text(string cs, string sql)
    {
        using var c = new NpgsqlConnection(cs);
        c.Open();
        using var cmd = new NpgsqlCommand(sql, c);
        return cmd.ExecuteScalar() as string;
    }
}
