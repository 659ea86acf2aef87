using ChestScreener.Server.Storage;
using ChestScreener.Tests;
using Microsoft.Data.Sqlite;
using ChestScreener.Server.Storage.Sqlite;

namespace ChestScreener.Server.Tests.Storage;

/// <summary>The studies table's owner/site/upload_key/attempts columns: added to a database made before them, and safe when processes start together.</summary>
public sealed class AuthStudyColumnsTests
{
    [Fact]
    public void An_older_studies_db_gets_owner_and_site_and_keeps_its_rows_visible_to_admins_only()
    {
        using var data = TestData.NewTempFolder();
        var path = Path.Combine(data.Path, "studies.db");
        using (var c = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = """
                CREATE TABLE studies (
                  id TEXT PRIMARY KEY, name TEXT NOT NULL, status TEXT NOT NULL, stage TEXT, progress REAL NOT NULL DEFAULT 0,
                  created_ms INTEGER NOT NULL, started_ms INTEGER, finished_ms INTEGER,
                  input_bytes INTEGER NOT NULL DEFAULT 0, file_count INTEGER NOT NULL DEFAULT 0, job_id TEXT,
                  runs INTEGER NOT NULL DEFAULT 0, worker TEXT, lease_until_ms INTEGER,
                  error_code TEXT, error_message TEXT, verdict TEXT, probability REAL, result_json TEXT);
                INSERT INTO studies (id, name, status, created_ms) VALUES ('0123456789abcdef0123456789abcdef', 'old', 'done', 1);
                """;
            cmd.ExecuteNonQuery();
        }
        var store = new SqliteStudyStore(path);
        var old = store.Get("0123456789abcdef0123456789abcdef")!;
        Assert.Equal(("old", null, null), (old.Name, old.Owner, old.Site));
        Assert.False(Server.Auth.StudyAccess.CanSee(new Server.Auth.Caller("user:x", Server.Auth.Roles.Viewer, "north"), old));
        Assert.True(Server.Auth.StudyAccess.CanSee(new Server.Auth.Caller("user:a", Server.Auth.Roles.Admin, null), old));

        store.Create(new StudyRecord { Id = "fedcba9876543210fedcba9876543210", Name = "new", Status = StudyStatus.Queued, Owner = "key:abc", Site = "north" });
        var created = store.Get("fedcba9876543210fedcba9876543210")!;
        Assert.Equal(("key:abc", "north"), (created.Owner, created.Site));

        // Idempotency keys came later still: the old file gets the column and its per-owner uniqueness.
        Assert.Null(old.UploadKey);
        store.Create(new StudyRecord { Id = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", Name = "k", Status = StudyStatus.Queued, Owner = "key:abc", UploadKey = "order-1" });
        Assert.Throws<UploadKeyTakenException>(() => store.Create(new StudyRecord { Id = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", Name = "k", Status = StudyStatus.Queued, Owner = "key:abc", UploadKey = "order-1" }));

        // So did the count of attempts: 0 for the old rows, counted by claims from now on.
        Assert.Equal(0, old.Attempts);
        Assert.True(store.TryClaim("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "w", TimeSpan.FromMinutes(1)));
        Assert.Equal(1, store.Get("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")!.Attempts);
        SqliteFiles.ReleasePool(path);
    }

    [Fact]
    public void Many_stores_opening_one_fresh_or_old_file_at_once_all_succeed()
    {
        using var data = TestData.NewTempFolder();
        var path = Path.Combine(data.Path, "studies.db");
        var errors = new System.Collections.Concurrent.ConcurrentBag<Exception>();
        Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            try
            {
                if (i % 2 == 0) _ = new SqliteStudyStore(path);
                else _ = new SqliteAuthStore(path);
            }
            catch (Exception e) { errors.Add(e); }
        });
        SqliteFiles.ReleasePool(path);
        Assert.Empty(errors);
    }
}
