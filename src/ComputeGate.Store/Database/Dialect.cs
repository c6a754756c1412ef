using System.Data;
using System.Data.Common;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace ComputeGate.Store.Database;

/// <summary>
/// What differs between the two stores: how a connection is made, the few column types the migration
/// scripts name by token (<c>{{id}}</c>, <c>{{int64_key}}</c>, <c>{{decimal}}</c>, <c>{{float}}</c>), the append-only
/// triggers (<c>{{append_only TABLE}}</c>), and how a writer takes its lock. Everything else (tables,
/// queries, <c>@name</c> parameters, <c>RETURNING</c>) is SQL that runs on both.
/// </summary>
public abstract partial class Dialect : IDisposable
{
    /// <summary>"sqlite" or "postgresql".</summary>
    public abstract string Name { get; }

    /// <summary>Where the store is, for messages (never with a password).</summary>
    public abstract string Location { get; }

    /// <summary>A new (pooled) connection, opened and set up.</summary>
    public abstract DbConnection Open();

    /// <summary>
    /// A write transaction that holds the store's write lock for <paramref name="resource"/> until it ends:
    /// SQLite takes the database write lock at BEGIN (IMMEDIATE); PostgreSQL takes a transaction-scoped
    /// advisory lock named after the schema and the resource. Appends to the hash chain are serialised by it.
    /// </summary>
    public abstract DbTransaction BeginWrite(DbConnection connection, string resource);

    /// <summary>A prepared INSERT (values <c>@p0</c>… bound by position) for many rows in one transaction.</summary>
    public virtual RowInserter Inserter(DbConnection connection, DbTransaction tx, string sql, int columns) => new RowInserter.Ado(connection, tx, sql, columns);

    /// <summary>Appended to a SELECT that reads a row it is about to change (PostgreSQL row lock; SQLite holds the database lock already).</summary>
    public abstract string ForUpdate { get; }

    /// <summary>The SQL of one migration script for this store, with its tokens replaced.</summary>
    public string Expand(string script) => Token().Replace(script, m => m.Groups[1].Value switch
    {
        "id" => IdColumn,
        "int64_key" => Int64KeyColumn,
        "decimal" => DecimalType,
        "float" => FloatType,
        "append_only" => AppendOnly(m.Groups[2].Value),
        var t => throw new InvalidOperationException($"unknown migration token '{t}'"),
    });

    /// <summary>The version a store reached before it kept <c>schema_migrations</c> (0 when none).</summary>
    public virtual int LegacyVersion(DbConnection connection, DbTransaction tx) => 0;

    /// <summary>SQL that removes the append-only triggers of a table (tests that tamper with the log use it, as an attacker with the database would).</summary>
    public abstract string DropAppendOnly(string table);

    protected abstract string IdColumn { get; }
    protected abstract string Int64KeyColumn { get; }
    protected abstract string DecimalType { get; }

    /// <summary>A double-precision number (SQLite REAL is 8 bytes; PostgreSQL REAL is 4, hence DOUBLE PRECISION).</summary>
    protected abstract string FloatType { get; }
    protected abstract string AppendOnly(string table);

    public abstract void Dispose();

    [GeneratedRegex(@"\{\{(\w+)(?: (\w+))?\}\}")]
    private static partial Regex Token();

    /// <summary>A PostgreSQL connection string (<c>Host=...</c>) or URL (<c>postgresql://user:pw@host:port/db</c>); anything else is a SQLite file path.</summary>
    public static bool IsPostgres(string location) =>
        location.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase)
        || location.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase)
        || location.Contains("Host=", StringComparison.OrdinalIgnoreCase);

    public static Dialect For(string location) => IsPostgres(location) ? new PostgresDialect(location) : new SqliteDialect(location);
}

/// <summary>One SQLite file (WAL, synchronous=NORMAL: one fsync per transaction, not per row).</summary>
public sealed class SqliteDialect : Dialect
{
    private readonly string _connectionString;
    private readonly string _path;

    public SqliteDialect(string path)
    {
        _path = Path.GetFullPath(path);
        if (Path.GetDirectoryName(_path) is { } dir)
        {
            Directory.CreateDirectory(dir);
        }

        // Default Timeout: how long a writer waits for another one's lock (busy retries) before failing.
        _connectionString = new SqliteConnectionStringBuilder { DataSource = _path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = true, DefaultTimeout = 120 }.ToString();
    }

    public override string Name => "sqlite";
    public override string Location => _path;
    public override string ForUpdate => "";

    public override DbConnection Open()
    {
        var c = new SqliteConnection(_connectionString);
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;";
        cmd.ExecuteNonQuery();
        return c;
    }

    // BeginTransaction() is BEGIN IMMEDIATE in Microsoft.Data.Sqlite: the write lock is taken at once, so
    // a read-then-write inside it (the chain head, a licence balance) cannot interleave with another writer.
    public override DbTransaction BeginWrite(DbConnection connection, string resource) => ((SqliteConnection)connection).BeginTransaction(IsolationLevel.Serializable, deferred: false);

    public override RowInserter Inserter(DbConnection connection, DbTransaction tx, string sql, int columns) => new RowInserter.Sqlite((SqliteConnection)connection, sql);

    public override int LegacyVersion(DbConnection connection, DbTransaction tx)
    {
        // The first list store kept one number in schema_version.
        if (Convert.ToInt64(connection.Scalar(tx, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'"), System.Globalization.CultureInfo.InvariantCulture) == 0)
        {
            return 0;
        }

        return Convert.ToInt32(connection.Scalar(tx, "SELECT COALESCE(MAX(version), 0) FROM schema_version"), System.Globalization.CultureInfo.InvariantCulture);
    }

    public override string DropAppendOnly(string table) => $"DROP TRIGGER {table}_no_update; DROP TRIGGER {table}_no_delete;";

    protected override string IdColumn => "INTEGER PRIMARY KEY AUTOINCREMENT";

    // INTEGER PRIMARY KEY is the rowid itself: no second index to maintain on a million appends.
    protected override string Int64KeyColumn => "INTEGER PRIMARY KEY";

    // SQLite has no exact decimal type: amounts are kept as text (Microsoft.Data.Sqlite writes decimal as
    // invariant text and parses it back) and compared in code, never summed in SQL.
    protected override string DecimalType => "TEXT";
    protected override string FloatType => "REAL";

    protected override string AppendOnly(string table) => $"""
        CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} BEGIN SELECT RAISE(ABORT, '{table} is append-only: UPDATE refused'); END;
        CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} BEGIN SELECT RAISE(ABORT, '{table} is append-only: DELETE refused'); END;
        """;

    public override void Dispose()
    {
    }
}

/// <summary>PostgreSQL through Npgsql. A <c>Search Path</c> in the connection string names the schema the store lives in (created if missing).</summary>
public sealed class PostgresDialect : Dialect
{
    private readonly NpgsqlDataSource _source;

    public PostgresDialect(string location)
    {
        var builder = new NpgsqlConnectionStringBuilder(location.Contains("://", StringComparison.Ordinal) ? FromUrl(location) : location);
        Schema = builder.SearchPath?.Split(',')[0].Trim() is { Length: > 0 } s ? s : null;
        _source = NpgsqlDataSource.Create(builder);
        var shown = new NpgsqlConnectionStringBuilder(builder.ConnectionString) { Password = null };
        Location = shown.ConnectionString;
    }

    /// <summary>The schema of the store (the first of the search path), or null for the default.</summary>
    public string? Schema { get; }

    public override string Name => "postgresql";
    public override string Location { get; }
    public override string ForUpdate => " FOR UPDATE";

    public override DbConnection Open() => _source.OpenConnection();

    public override DbTransaction BeginWrite(DbConnection connection, string resource)
    {
        var tx = connection.BeginTransaction(IsolationLevel.ReadCommitted);
        connection.Exec(tx, "SELECT pg_advisory_xact_lock(hashtext(@r))", ("@r", $"computegate:{Schema}:{resource}"));
        return tx;
    }

    public override string DropAppendOnly(string table) => $"DROP TRIGGER {table}_no_update ON {table}; DROP TRIGGER {table}_no_delete ON {table};";

    protected override string IdColumn => "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY";
    protected override string Int64KeyColumn => "BIGINT PRIMARY KEY";
    protected override string DecimalType => "NUMERIC";
    protected override string FloatType => "DOUBLE PRECISION";

    protected override string AppendOnly(string table) => $"""
        CREATE OR REPLACE FUNCTION computegate_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP; END $$;
        CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} FOR EACH STATEMENT EXECUTE FUNCTION computegate_append_only();
        CREATE TRIGGER {table}_no_delete BEFORE DELETE OR TRUNCATE ON {table} FOR EACH STATEMENT EXECUTE FUNCTION computegate_append_only();
        """;

    /// <summary><c>postgresql://user:password@host:port/database</c> as an Npgsql connection string.</summary>
    private static string FromUrl(string url)
    {
        var uri = new Uri(url);
        var b = new NpgsqlConnectionStringBuilder { Host = uri.Host, Database = uri.AbsolutePath.Trim('/') is { Length: > 0 } db ? db : null };
        if (uri.Port > 0)
        {
            b.Port = uri.Port;
        }

        if (uri.UserInfo.Split(':', 2) is [var user, ..] && user.Length > 0)
        {
            b.Username = Uri.UnescapeDataString(user);
            if (uri.UserInfo.Split(':', 2) is [_, var password])
            {
                b.Password = Uri.UnescapeDataString(password);
            }
        }

        return b.ConnectionString;
    }

    public override void Dispose() => _source.Dispose();
}
