using System.Net;
using System.Net.Http.Json;
using ChestScreener.Server.Audit;
using ChestScreener.Server.Auth;
using ChestScreener.Tests;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using ChestScreener.Server.Tests.Auth;

namespace ChestScreener.Server.Tests.Audit;

/// <summary>The audit log: rows for upload, view, download, delete (who, what, when, from where), read back by admins; append-only.</summary>
public sealed class AuditTests : IDisposable
{
    private readonly TempFolder _data = TestData.NewTempFolder();
    private readonly ServerFactory _factory;

    public AuditTests()
    {
        _factory = new ServerFactory(_data.Path, new CountingProcessor(TimeSpan.FromMilliseconds(10)));
    }

    public void Dispose()
    {
        _factory.Dispose();
        _data.Dispose();
    }

    [Fact]
    public async Task Upload_view_download_and_delete_each_write_one_row_naming_the_caller_study_and_address()
    {
        var uploaderKey = _factory.CreateKey(Roles.Uploader, "north", "router");
        Tokens.TryParseKey(uploaderKey, out var uploaderId, out _);
        var uploader = _factory.CreateClient();
        uploader.DefaultRequestHeaders.Remove(ScreenerAuthHandler.KeyHeader);
        uploader.DefaultRequestHeaders.Add(ScreenerAuthHandler.KeyHeader, uploaderKey);
        var admin = _factory.CreateClient();
        Tokens.TryParseKey(_factory.AdminKey, out var adminId, out _);

        var before = DateTimeOffset.UtcNow.AddSeconds(-1);
        var study = await TestUploads.UploadAsync(uploader, ("a.dcm", TestUploads.DicomLike(1)));
        await TestUploads.WaitFinishedAsync(uploader, study.Id);  // polling: many GETs, one view row
        await uploader.GetByteArrayAsync($"/api/v1/studies/{study.Id}/report.pdf");
        await uploader.GetByteArrayAsync($"/api/v1/studies/{study.Id}/report.pdf");
        await admin.GetByteArrayAsync($"/api/v1/studies/{study.Id}/volume.nii.gz");
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/v1/studies/{study.Id}")).StatusCode);

        var rows = (await admin.GetFromJsonAsync<AuditEntry[]>($"/api/v1/audit?study={study.Id}", TestUploads.Json))!;
        var summary = rows.Select(r => $"{r.Action} {r.Actor} {r.Detail}").ToArray();
        Assert.Equal(new[]
        {
            $"upload key:{uploaderId} 1 file(s), 600 bytes",
            $"view key:{uploaderId} ",
            $"download key:{uploaderId} report.pdf",
            $"download key:{adminId} volume.nii.gz",
            $"delete key:{adminId} ",
        }, summary);
        Assert.All(rows, r =>
        {
            Assert.Equal(study.Id, r.Target);
            Assert.InRange(r.AtUtc, before, DateTimeOffset.UtcNow.AddSeconds(1));
            Assert.Equal(AuthTestAddress.Client.ToString(), r.Address);
        });
        Assert.True(rows.Zip(rows.Skip(1)).All(p => p.First.Seq < p.Second.Seq));
    }

    [Fact]
    public void The_audit_table_refuses_updates_and_deletes()
    {
        var log = _factory.Services.GetRequiredService<IAuditLog>();
        log.Append(new AuditEntry { AtUtc = DateTimeOffset.UtcNow, Actor = "user:x", Action = AuditActions.View, Target = "t" });
        using var c = new SqliteConnection($"Data Source={Path.Combine(_data.Path, "studies.db")};Pooling=False");
        c.Open();
        foreach (var sql in new[] { "UPDATE audit SET actor = 'someone else'", "DELETE FROM audit" })
        {
            using var cmd = c.CreateCommand();
            cmd.CommandText = sql;
            Assert.Contains("append-only", Assert.Throws<SqliteException>(() => cmd.ExecuteNonQuery()).Message);
        }
        Assert.Equal("user:x", Assert.Single(log.Read("t")).Actor);
    }

    [Fact]
    public void Cli_user_and_key_changes_are_audited_and_reach_the_store_the_server_reads()
    {
        var admin = AuthAdmin.Open(_data.Path);
        admin.AddUser("ivan", Roles.Viewer, "north", "a long enough password");
        var (record, _) = admin.CreateKey("pacs", Roles.Uploader, "north");
        Assert.True(admin.RevokeKey(record.Id));
        Assert.True(admin.DisableUser("ivan"));

        var server = _factory.Services.GetRequiredService<IAuthStore>();
        Assert.True(server.FindUser("ivan")!.Disabled);
        Assert.NotNull(server.FindKey(record.Id)!.RevokedUtc);
        var actions = _factory.Services.GetRequiredService<IAuditLog>().Read().Select(e => $"{e.Action} {e.Target}").ToArray();
        Assert.Equal(new[] { "user_added ivan", $"key_created {record.Id}", $"key_revoked {record.Id}", "user_disabled ivan" }, actions);
    }
}
