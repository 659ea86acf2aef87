using System.Collections.Concurrent;
using ChestScreener.Server.Options;
using ChestScreener.Server.ScaleOut;
using ChestScreener.Server.Storage;
using ChestScreener.Tests;
using Npgsql;
using ChestScreener.Server.Storage.Sqlite;
using ChestScreener.Server.Storage.Postgres;

namespace ChestScreener.Server.Tests.ScaleOut;

/// <summary>The claim / lease / completion rules every <see cref="IStudyStore"/> must keep, on SQLite and on a real PostgreSQL.</summary>
[Collection(PostgresCollection.Name)]
public sealed class StudyStoreContractTests(PostgresCluster pg) : IDisposable
{
    private readonly TempFolder _data = TestData.NewTempFolder();

    public static TheoryData<string> Stores => ["sqlite", "postgres"];

    public void Dispose()
    {
        foreach (var db in Directory.GetFiles(_data.Path, "*.db")) SqliteFiles.ReleasePool(db);
        _data.Dispose();
    }

    private IStudyStore Open(string kind) => kind == "sqlite"
        ? new SqliteStudyStore(Path.Combine(_data.Path, $"studies-{Guid.NewGuid():N}.db"))
        : new PostgresStudyStore(pg.NewDatabase());

    private static string Queued(IStudyStore store, string name = "a.dcm")
    {
        var id = StudyIds.New();
        store.Create(new StudyRecord { Id = id, Name = "(uploading)", Status = StudyStatus.Receiving, CreatedUtc = DateTimeOffset.UtcNow });
        store.MarkQueued(id, name, 1234, 3);
        return id;
    }

    [SkippableTheory, MemberData(nameof(Stores))]
    public void Records_round_trip(string kind)
    {
        var store = Open(kind);
        var id = Queued(store, "ct.zip");
        store.SetJob(id, "42");
        Assert.True(store.TryClaim(id, "w1", TimeSpan.FromMinutes(1)));
        store.UpdateProgress(id, "model", 40);
        var s = store.Get(id)!;
        Assert.Equal(("ct.zip", StudyStatus.Processing, "model", 40.0, 1234L, 3, "42", 1), (s.Name, s.Status, s.Stage, s.Progress, s.InputBytes, s.FileCount, s.JobId, s.Runs));
        Assert.Single(store.ListUnfinished());
        Assert.True(store.Complete(id, "w1", StudyStatus.Done, "normal", 0.125, null, null, "{}"));
        s = store.Get(id)!;
        Assert.Equal((StudyStatus.Done, "normal", 0.125, 100.0, "{}"), (s.Status, s.Verdict, s.Probability, s.Progress, s.ResultJson));
        Assert.NotNull(s.FinishedUtc);
        Assert.Empty(store.ListUnfinished());
        Assert.Single(store.List());
        Assert.True(store.Delete(id));
        Assert.Null(store.Get(id));
        (store as IDisposable)?.Dispose();
    }

    [SkippableTheory, MemberData(nameof(Stores))]
    public void Upload_keys_are_unique_per_owner_and_free_again_once_the_study_is_deleted(string kind)
    {
        var store = Open(kind);
        string Make(string? owner, string? key)
        {
            var id = StudyIds.New();
            store.Create(new StudyRecord { Id = id, Name = "(uploading)", Status = StudyStatus.Receiving, CreatedUtc = DateTimeOffset.UtcNow, Owner = owner, UploadKey = key });
            return id;
        }
        var a = Make("user:a", "k1");
        Assert.Equal((a, "k1"), (store.FindByUploadKey("user:a", "k1")!.Id, store.Get(a)!.UploadKey));
        Assert.Throws<UploadKeyTakenException>(() => Make("user:a", "k1"));
        var b = Make("user:b", "k1");                       // another caller may use the same key
        var anonymous = Make(null, "k1");                   // uploads without authentication share one scope
        Assert.Throws<UploadKeyTakenException>(() => Make(null, "k1"));
        Make("user:a", null);
        Make("user:a", null);                               // no key, no uniqueness
        Assert.Equal(b, store.FindByUploadKey("user:b", "k1")!.Id);
        Assert.Equal(anonymous, store.FindByUploadKey(null, "k1")!.Id);
        Assert.Null(store.FindByUploadKey("user:a", "k2"));
        Assert.Null(store.FindByUploadKey("user:c", "k1"));
        Assert.True(store.Delete(a));
        Assert.Null(store.FindByUploadKey("user:a", "k1"));
        Assert.Equal("k1", store.Get(Make("user:a", "k1"))!.UploadKey);
        (store as IDisposable)?.Dispose();
    }

    [SkippableTheory, MemberData(nameof(Stores))]
    public void Of_many_racing_workers_exactly_one_claims_a_study(string kind)
    {
        var store = Open(kind);
        var id = Queued(store);
        var winners = new ConcurrentBag<string>();
        Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            if (store.TryClaim(id, $"w{i}", TimeSpan.FromMinutes(1))) winners.Add($"w{i}");
        });
        Assert.Single(winners);
        Assert.Equal(1, store.Get(id)!.Runs);
        (store as IDisposable)?.Dispose();
    }

    [SkippableTheory, MemberData(nameof(Stores))]
    public void Completion_is_written_once_and_only_by_the_current_claim_holder(string kind)
    {
        var store = Open(kind);
        var id = Queued(store);
        Assert.True(store.TryClaim(id, "slow", TimeSpan.FromMilliseconds(300)));
        Assert.False(store.TryClaim(id, "other", TimeSpan.FromMinutes(1)));
        Thread.Sleep(600);
        // The slow worker's lease lapsed: another takes over, and the slow one may no longer renew or complete.
        Assert.True(store.TryClaim(id, "other", TimeSpan.FromMinutes(1)));
        Assert.False(store.RenewClaim(id, "slow", TimeSpan.FromMinutes(1)));
        Assert.False(store.Complete(id, "slow", StudyStatus.Done, "pathology", 0.9, null, null, "{\"by\":\"slow\"}"));
        Assert.True(store.Complete(id, "other", StudyStatus.Done, "normal", 0.1, null, null, "{\"by\":\"other\"}"));
        Assert.False(store.Complete(id, "other", StudyStatus.Done, "normal", 0.1, null, null, "{\"by\":\"again\"}"));
        Assert.False(store.Complete(id, null, StudyStatus.Failed, null, null, "x", "y", "{\"by\":\"recovery\"}"));
        var s = store.Get(id)!;
        Assert.Equal((StudyStatus.Done, "normal", "{\"by\":\"other\"}", 2), (s.Status, s.Verdict, s.ResultJson, s.Runs));
        Assert.False(store.TryClaim(id, "late", TimeSpan.FromMinutes(1)));
        (store as IDisposable)?.Dispose();
    }

    [SkippableTheory, MemberData(nameof(Stores))]
    public void Lapsed_claims_are_requeued_once_each_and_live_ones_are_left(string kind)
    {
        var store = Open(kind);
        var lapsed = new[] { Queued(store), Queued(store), Queued(store) };
        var live = Queued(store);
        var waiting = Queued(store);
        foreach (var id in lapsed) Assert.True(store.TryClaim(id, "dead", TimeSpan.FromMilliseconds(200)));
        Assert.True(store.TryClaim(live, "alive", TimeSpan.FromMinutes(5)));
        Thread.Sleep(500);
        var got = new ConcurrentBag<string>();
        Parallel.For(0, 4, new ParallelOptions { MaxDegreeOfParallelism = 4 }, _ =>
        {
            foreach (var id in store.RequeueLapsed()) got.Add(id);
        });
        Assert.Equal(lapsed.Order(), got.Order());
        foreach (var id in lapsed) Assert.Equal(StudyStatus.Queued, store.Get(id)!.Status);
        Assert.Equal(StudyStatus.Processing, store.Get(live)!.Status);
        Assert.Equal(StudyStatus.Queued, store.Get(waiting)!.Status);
        Assert.Empty(store.RequeueLapsed());
        (store as IDisposable)?.Dispose();
    }

    [SkippableTheory, MemberData(nameof(Stores))]
    public void Attempts_count_claims_that_ended_without_a_result_and_a_graceful_release_gives_its_run_back(string kind)
    {
        var store = Open(kind);
        var id = Queued(store);
        Assert.Equal(0, store.Get(id)!.Attempts);
        Assert.True(store.TryClaim(id, "w1", TimeSpan.FromMinutes(1)));
        store.Release(id, "w1");                              // the service stopped gracefully: not a failed attempt
        Assert.Equal((1, 0, StudyStatus.Queued), (store.Get(id)!.Runs, store.Get(id)!.Attempts, store.Get(id)!.Status));
        Assert.True(store.TryClaim(id, "dies", TimeSpan.FromMilliseconds(200)));
        Thread.Sleep(400);
        Assert.Equal([id], store.RequeueLapsed());            // killed: its attempt stays counted
        Assert.True(store.TryClaim(id, "w2", TimeSpan.FromMinutes(1)));
        var s = store.Get(id)!;
        Assert.Equal((3, 2), (s.Runs, s.Attempts));
        store.Release(id, "someone-else");                    // only the holder's release counts
        Assert.Equal(2, store.Get(id)!.Attempts);
        (store as IDisposable)?.Dispose();
    }

    [SkippableFact]
    public void Schema_and_job_storage_set_up_safely_when_many_processes_start_at_once()
    {
        var cs = pg.NewDatabase();
        var factory = new PostgresJobStoreFactory(Microsoft.Extensions.Options.Options.Create(new ScaleOutOptions { Database = cs }));
        var options = new ServerOptions { Store = "postgres" };
        var errors = new ConcurrentBag<Exception>();
        Parallel.For(0, 6, new ParallelOptions { MaxDegreeOfParallelism = 6 }, i =>
        {
            try
            {
                if (i % 2 == 0) ((IDisposable)factory.CreateStudyStore(options)).Dispose();
                else factory.CreateJobStorage(options);
            }
            catch (Exception e) { errors.Add(e); }
        });
        Assert.Empty(errors);
        using var c = new NpgsqlConnection(cs);
        c.Open();
        // Each step applied exactly once, although six set-ups raced.
        using var cmd = new NpgsqlCommand("SELECT count(*), count(DISTINCT version), max(version) FROM screener.schema_version", c);
        using var r = cmd.ExecuteReader();
        Assert.True(r.Read());
        long latest = PostgresSchema.LatestVersion;
        Assert.Equal((latest, latest, PostgresSchema.LatestVersion), (r.GetInt64(0), r.GetInt64(1), r.GetInt32(2)));
    }

    [Fact]
    public void Database_urls_become_npgsql_connection_strings()
    {
        var cs = new NpgsqlConnectionStringBuilder(PostgresConnection.ToNpgsql("postgres://scr%40een:p%3Ass@db.example:6543/screener?sslmode=require"));
        Assert.Equal(("db.example", 6543, "scr@een", "p:ss", "screener", SslMode.Require), (cs.Host, cs.Port, cs.Username, cs.Password, cs.Database, cs.SslMode));
        Assert.Equal("Host=h;Database=d", PostgresConnection.ToNpgsql("Host=h;Database=d"));
        Assert.DoesNotContain("secret", PostgresConnection.Redacted("Host=h;Password=secret"));
        Assert.True(PostgresConnection.IsPostgres("postgresql://h/d"));
        Assert.False(PostgresConnection.IsPostgres("data/studies.db"));
    }
}
