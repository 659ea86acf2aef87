using System.Data.Common;
using Npgsql;
using ChestScreener.Server.Storage;

namespace ChestScreener.Server.Storage.Postgres;

/// <summary>Parameterised commands on one pooled PostgreSQL data source, shared by the PostgreSQL stores.</summary>
public sealed class PostgresCommands(NpgsqlDataSource db)
{
    public int Execute(string sql, params (string Name, object? Value)[] args)
    {
        using var cmd = Command(sql, args);
        return cmd.ExecuteNonQuery();
    }

    public List<T> Query<T>(string sql, Func<NpgsqlDataReader, T> read, params (string Name, object? Value)[] args)
    {
        using var cmd = Command(sql, args);
        using var r = cmd.ExecuteReader();
        var list = new List<T>();
        while (r.Read()) list.Add(read(r));
        return list;
    }

    public static DateTimeOffset Time(DbDataReader r, int i) => new(DateTime.SpecifyKind(r.GetDateTime(i), DateTimeKind.Utc));
    public static DateTimeOffset? TimeOrNull(DbDataReader r, int i) => r.IsDBNull(i) ? null : Time(r, i);
    public static string? Text(DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    private NpgsqlCommand Command(string sql, (string Name, object? Value)[] args)
    {
        var cmd = db.CreateCommand(sql);
        foreach (var (name, value) in args) cmd.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return cmd;
    }
}
