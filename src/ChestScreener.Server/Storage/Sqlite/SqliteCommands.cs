using Microsoft.Data.Sqlite;
using ChestScreener.Server.Storage;

namespace ChestScreener.Server.Storage.Sqlite;

/// <summary>
/// The one way the embedded stores (studies, auth, audit) open studies.db (<see cref="SqliteFiles"/>) and run parameterised
/// SQL: per call on a fresh pooled connection, or on a connection the caller holds for several statements.
/// </summary>
internal sealed class SqliteCommands(string databasePath)
{
    private readonly string _connectionString = SqliteFiles.ConnectionString(databasePath);

    public SqliteConnection Open()
    {
        var c = new SqliteConnection(_connectionString);
        c.Open();
        return c;
    }

    public int Execute(string sql, params (string Name, object? Value)[] args)
    {
        using var c = Open();
        return Execute(c, sql, args);
    }

    public List<T> Query<T>(string sql, Func<SqliteDataReader, T> read, params (string Name, object? Value)[] args)
    {
        using var c = Open();
        return Query(c, sql, read, args);
    }

    public static int Execute(SqliteConnection c, string sql, params (string Name, object? Value)[] args)
    {
        using var cmd = Command(c, sql, args);
        return cmd.ExecuteNonQuery();
    }

    public static List<T> Query<T>(SqliteConnection c, string sql, Func<SqliteDataReader, T> read, params (string Name, object? Value)[] args)
    {
        using var cmd = Command(c, sql, args);
        using var r = cmd.ExecuteReader();
        var list = new List<T>();
        while (r.Read()) list.Add(read(r));
        return list;
    }

    public static object? Scalar(SqliteConnection c, string sql, params (string Name, object? Value)[] args)
    {
        using var cmd = Command(c, sql, args);
        return cmd.ExecuteScalar();
    }

    private static SqliteCommand Command(SqliteConnection c, string sql, (string Name, object? Value)[] args)
    {
        var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        foreach (var (name, value) in args) cmd.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return cmd;
    }

    public static DateTimeOffset Time(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);
    public static string? Text(SqliteDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);
}
