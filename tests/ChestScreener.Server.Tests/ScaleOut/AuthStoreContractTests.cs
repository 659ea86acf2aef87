using ChestScreener.Server.Audit;
using ChestScreener.Server.Auth;
using ChestScreener.Server.Storage;
using ChestScreener.Tests;
using Npgsql;
using ChestScreener.Server.Storage.Sqlite;
using ChestScreener.Server.Storage.Postgres;

namespace ChestScreener.Server.Tests.ScaleOut;

/// <summary>Users, keys, sessions and the audit log behave the same on SQLite and on PostgreSQL (several api processes share the latter).</summary>
[Collection(PostgresCollection.Name)]
public sealed class AuthStoreContractTests(PostgresCluster pg) : IDisposable
{
    private readonly TempFolder _data = TestData.NewTempFolder();

    public static TheoryData<string> Stores => ["sqlite", "postgres"];

    public void Dispose()
    {
        foreach (var db in Directory.GetFiles(_data.Path, "*.db")) SqliteFiles.ReleasePool(db);
        _data.Dispose();
    }

    private (IAuthStore Auth, IAuditLog Audit, string? Cs) Open(string kind)
    {
        if (kind == "sqlite")
        {
            var path = Path.Combine(_data.Path, $"studies-{Guid.NewGuid():N}.db");
            return (new SqliteAuthStore(path), new SqliteAuditLog(path), null);
        }
        var cs = pg.NewDatabase();
        return (new PostgresAuthStore(cs), new PostgresAuditLog(cs), cs);
    }

    private static readonly DateTimeOffset T0 = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);

    [SkippableTheory, MemberData(nameof(Stores))]
    public void Users_are_unique_by_name_ignoring_case_and_disabling_ends_their_sessions(string kind)
    {
        var (store, _, _) = Open(kind);
        var ann = new UserRecord { Name = "Ann", Role = Roles.Viewer, Site = "north", PasswordHash = "h1", CreatedUtc = T0 };
        Assert.True(store.AddUser(ann));
        Assert.False(store.AddUser(ann with { Name = "ANN" }));
        Assert.Equal(("Ann", "north", "h1", T0), (store.FindUser("aNN")!.Name, store.FindUser("ann")!.Site, store.FindUser("Ann")!.PasswordHash, store.FindUser("ann")!.CreatedUtc));
        store.AddSession(new SessionRecord { TokenHash = "t1", UserName = "ann", CreatedUtc = DateTimeOffset.UtcNow, ExpiresUtc = DateTimeOffset.UtcNow.AddHours(8) });
        Assert.Equal("ann", store.FindSession("t1")!.UserName);
        Assert.True(store.UpdateUser(ann with { Role = Roles.Admin, Disabled = true }));
        Assert.Null(store.FindSession("t1"));
        Assert.Equal((Roles.Admin, true), (store.FindUser("ann")!.Role, store.FindUser("ann")!.Disabled));
        Assert.False(store.UpdateUser(ann with { Name = "bob" }));
        Assert.Single(store.ListUsers());
        (store as IDisposable)?.Dispose();
    }

    [SkippableTheory, MemberData(nameof(Stores))]
    public void Keys_revoke_once_and_sessions_expire_and_delete(string kind)
    {
        var (store, _, _) = Open(kind);
        store.AddKey(new ApiKeyRecord { Id = "k1", Name = "pacs", Role = Roles.Uploader, SecretHash = "s", CreatedUtc = T0 });
        store.AddKey(new ApiKeyRecord { Id = "k2", Name = "ris", Role = Roles.Viewer, Site = "south", SecretHash = "s2", CreatedUtc = T0.AddMinutes(1) });
        Assert.Equal(["k1", "k2"], store.ListKeys().Select(k => k.Id));
        Assert.True(store.RevokeKey("k1", T0.AddHours(1)));
        Assert.False(store.RevokeKey("k1", T0.AddHours(2)));
        Assert.Equal(T0.AddHours(1), store.FindKey("k1")!.RevokedUtc);
        Assert.Equal(("south", (DateTimeOffset?)null), (store.FindKey("k2")!.Site, store.FindKey("k2")!.RevokedUtc));
        store.AddSession(new SessionRecord { TokenHash = "old", UserName = "x", CreatedUtc = T0, ExpiresUtc = T0.AddHours(1) });
        store.AddSession(new SessionRecord { TokenHash = "new", UserName = "x", CreatedUtc = DateTimeOffset.UtcNow, ExpiresUtc = DateTimeOffset.UtcNow.AddHours(1) });
        Assert.Null(store.FindSession("old")); // expired ones are dropped when a session is added
        store.DeleteSession("new");
        Assert.Null(store.FindSession("new"));
        (store as IDisposable)?.Dispose();
    }

    [SkippableTheory, MemberData(nameof(Stores))]
    public void The_audit_log_only_grows(string kind)
    {
        var (_, audit, cs) = Open(kind);
        audit.Append(new AuditEntry { AtUtc = T0, Actor = "user:ann", Action = AuditActions.Upload, Target = "s1", Address = "127.0.0.1" });
        audit.Append(new AuditEntry { AtUtc = T0.AddSeconds(1), Actor = "key:k1", Action = AuditActions.View, Target = "s2", Detail = "result.json" });
        audit.Append(new AuditEntry { AtUtc = T0.AddSeconds(2), Actor = "user:ann", Action = AuditActions.View, Target = "s1" });
        var all = audit.Read();
        Assert.Equal(3, all.Count);
        Assert.True(all[0].Seq < all[1].Seq && all[1].Seq < all[2].Seq);
        Assert.Equal(["s1", "s1"], audit.Read(target: "s1").Select(e => e.Target!));
        Assert.Equal([all[2].Seq], audit.Read(afterSeq: all[1].Seq).Select(e => e.Seq));
        Assert.Equal(("key:k1", "result.json", T0.AddSeconds(1)), (all[1].Actor, all[1].Detail, all[1].AtUtc));
        if (cs is not null)
        {
            using var c = new NpgsqlConnection(cs);
            c.Open();
            foreach (var sql in new[] { "UPDATE screener.audit SET actor = 'x'", "DELETE FROM screener.audit", "TRUNCATE screener.audit" })
            {
                using var cmd = new NpgsqlCommand(sql, c);
                Assert.Throws<PostgresException>(() => cmd.ExecuteNonQuery());
            }
            Assert.Equal(3, audit.Read().Count);
        }
        (audit as IDisposable)?.Dispose();
    }
}
