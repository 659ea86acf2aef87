using System.Net.Http.Json;
using ChestScreener.Server.Api;
using ChestScreener.Tests;

namespace ChestScreener.Server.Tests.Jobs;

public sealed class RestartTests
{
    [Fact]
    public async Task A_restart_mid_queue_finishes_every_study_exactly_once()
    {
        using var data = TestData.NewTempFolder();
        // Five steps of 500 ms: each study takes about 2.5 s, so the restart lands while one runs and others wait.
        var before = new CountingProcessor(TimeSpan.FromMilliseconds(500));
        var ids = new List<string>();
        var finishedBeforeRestart = new HashSet<string>();
        using (var first = new ServerFactory(data.Path, before))
        {
            var client = first.CreateClient();
            for (var i = 0; i < 4; i++) ids.Add((await TestUploads.UploadAsync(client, ($"s{i}.dcm", TestUploads.DicomLike(i)))).Id);
            // Wait until the first study is done and the second has started.
            var until = DateTime.UtcNow.AddSeconds(30);
            while ((await TestUploads.GetAsync(client, ids[0])).Status != "done" || (await TestUploads.GetAsync(client, ids[1])).Status != "processing")
            {
                Assert.True(DateTime.UtcNow < until, "the first studies did not start in time");
                await Task.Delay(50);
            }
            foreach (var id in ids)
            {
                if ((await TestUploads.GetAsync(client, id)).Status == "done") finishedBeforeRestart.Add(id);
            }
        }
        Assert.Contains(ids[0], finishedBeforeRestart);
        Assert.DoesNotContain(ids[1], finishedBeforeRestart);
        Assert.True(before.Started.ContainsKey(ids[1]), "the second study was running when the host stopped");

        var after = new CountingProcessor(TimeSpan.FromMilliseconds(20));
        using var second = new ServerFactory(data.Path, after);
        var client2 = second.CreateClient();
        var results = new List<StudyDto>();
        foreach (var id in ids) results.Add(await TestUploads.WaitFinishedAsync(client2, id));

        Assert.All(results, r => Assert.Equal("done", r.Status));
        foreach (var id in ids)
        {
            var completed = before.Completed.GetValueOrDefault(id) + after.Completed.GetValueOrDefault(id);
            Assert.True(completed == 1, $"study {id} completed {completed} times");
            if (finishedBeforeRestart.Contains(id)) Assert.False(after.Started.ContainsKey(id), $"finished study {id} was processed again");
        }
        // The interrupted study ran again after the restart and nothing of its first run was kept.
        Assert.Equal(1, after.Completed[ids[1]]);
        Assert.Empty(Directory.GetDirectories(Path.Combine(data.Path, "studies", ids[1]), "work-*"));
        Assert.Equal(ids.Count, (await client2.GetFromJsonAsync<StudyDto[]>("/api/v1/studies", TestUploads.Json))!.Length);
    }
}
