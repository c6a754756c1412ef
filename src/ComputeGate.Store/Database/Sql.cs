using System.Data.Common;

namespace ComputeGate.Store.Database;

/// <summary>Plain ADO.NET in a few lines, the same for both stores: <c>@name</c> parameters, null as SQL NULL.</summary>
public static class Sql
{
    public static DbCommand Command(this DbConnection db, DbTransaction? tx, string sql, params (string Name, object? Value)[] args)
    {
        var cmd = db.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        foreach (var (name, value) in args)
        {
            var p = cmd.CreateParameter();
            p.ParameterName = name;
            p.Value = value ?? DBNull.Value;
            cmd.Parameters.Add(p);
        }

        return cmd;
    }

    public static int Exec(this DbConnection db, DbTransaction? tx, string sql, params (string Name, object? Value)[] args)
    {
        using var cmd = db.Command(tx, sql, args);
        return cmd.ExecuteNonQuery();
    }

    public static object? Scalar(this DbConnection db, DbTransaction? tx, string sql, params (string Name, object? Value)[] args)
    {
        using var cmd = db.Command(tx, sql, args);
        var v = cmd.ExecuteScalar();
        return v is DBNull ? null : v;
    }

    public static long Int64(this DbConnection db, DbTransaction? tx, string sql, params (string Name, object? Value)[] args) =>
        Convert.ToInt64(db.Scalar(tx, sql, args), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Sets a parameter of a prepared command for the next execution.</summary>
    public static void Set(this DbCommand cmd, string name, object? value) => cmd.Parameters[name].Value = value ?? DBNull.Value;

    public static string? NullableString(this DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    public static decimal? NullableDecimal(this DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetDecimal(i);

    public static long? NullableInt64(this DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetInt64(i);
}
