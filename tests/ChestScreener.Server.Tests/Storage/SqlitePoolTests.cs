using ChestScreener.Server.Storage;
using ChestScreener.Tests;
using ChestScreener.Server.Storage.Sqlite;

namespace ChestScreener.Server.Tests.Storage;

/// <summary>
/// Letting go of one database file's pooled connections must not touch another file's: test classes run their servers in
/// parallel, and each closes its own file when it finishes (they used to clear every pool in the process). With
/// <c>SqliteConnection.ClearAllPools</c> in place of <see cref="SqliteFiles.ReleasePool"/> this test failed 1 run in 6 here
/// with ObjectDisposedException.
/// </summary>
public sealed class SqlitePoolTests
{
    [Fact]
    public async Task Releasing_one_files_pool_while_another_file_is_busy_leaves_the_busy_one_working()
    {
        using var data = TestData.NewTempFolder();
        var busy = new SqliteStudyStore(Path.Combine(data.Path, "busy.db"));
        var other = Path.Combine(data.Path, "other.db");
        _ = new SqliteStudyStore(other);
        var errors = new System.Collections.Concurrent.ConcurrentQueue<Exception>();
        using var stop = new CancellationTokenSource();
        int written = 0;
        var workers = Enumerable.Range(0, 4).Select(w => Task.Run(() =>
        {
            for (int i = 0; !stop.IsCancellationRequested; i++)
            {
                try
                {
                    var id = $"{w:x8}{i:x24}";
                    busy.Create(new StudyRecord { Id = id, Name = "n", Status = StudyStatus.Queued, CreatedUtc = DateTimeOffset.UtcNow });
                    if (busy.Get(id) is null) throw new InvalidOperationException($"study {id} was written but not read back");
                    Interlocked.Increment(ref written);
                }
                catch (Exception e)
                {
                    errors.Enqueue(e);
                    return;
                }
            }
        })).ToArray();
        // Clear for as long as the workers take to write 1000 studies (or until one fails).
        while (Volatile.Read(ref written) < 1000 && errors.IsEmpty) SqliteFiles.ReleasePool(other);
        stop.Cancel();
        await Task.WhenAll(workers);
        SqliteFiles.ReleasePool(Path.Combine(data.Path, "busy.db"));
        Assert.True(errors.IsEmpty, string.Join("\n", errors.Select(e => e.ToString())));
        Assert.Equal(Volatile.Read(ref written), busy.List().Count);
    }
}
