using System.Data.Common;
using System.Globalization;

namespace ComputeGate.Store.Database;

/// <summary>
/// The store: a SQLite file (the embedded default) or a PostgreSQL database (production), opened by
/// location (<see cref="Dialect.IsPostgres"/>). Opening applies the pending migrations
/// (<c>Migrations/NNNN_name.sql</c>, one set for both, embedded), each recorded in <c>schema_migrations</c>,
/// all in one write transaction, so two processes opening a new store at once migrate it once.
/// Thread-safe: every operation takes its own pooled connection.
/// </summary>
public sealed class StoreDatabase : IDisposable
{
    private StoreDatabase(Dialect dialect) => Dialect = dialect;

    public Dialect Dialect { get; }

    /// <summary>The migrations, in order: (version, name, script with tokens).</summary>
    public static IReadOnlyList<(int Version, string Name, string Script)> Migrations { get; } = LoadMigrations();

    /// <summary>The schema version this code migrates to.</summary>
    public static int LatestVersion => Migrations[^1].Version;

    /// <summary>Opens the store at <paramref name="location"/> (created if missing) and brings its schema up to date.</summary>
    public static StoreDatabase Open(string location, TimeProvider clock)
    {
        var dialect = Dialect.For(location);
        try
        {
            Migrate(dialect, clock);
        }
        catch
        {
            dialect.Dispose();
            throw;
        }

        return new StoreDatabase(dialect);
    }

    public DbConnection Connect() => Dialect.Open();

    /// <summary>The versions applied, in order.</summary>
    public IReadOnlyList<int> AppliedVersions()
    {
        using var c = Connect();
        using var cmd = c.Command(null, "SELECT version FROM schema_migrations ORDER BY version");
        using var r = cmd.ExecuteReader();
        var result = new List<int>();
        while (r.Read())
        {
            result.Add(Convert.ToInt32(r.GetValue(0), CultureInfo.InvariantCulture));
        }

        return result;
    }

    private static void Migrate(Dialect dialect, TimeProvider clock)
    {
        if (dialect is PostgresDialect { Schema: { } schema })
        {
            using var c0 = dialect.Open();
            using var tx0 = dialect.BeginWrite(c0, "schema");
            c0.Exec(tx0, $"CREATE SCHEMA IF NOT EXISTS \"{schema.Replace("\"", "\"\"", StringComparison.Ordinal)}\"");
            tx0.Commit();
        }

        using var c = dialect.Open();
        using var tx = dialect.BeginWrite(c, "schema_migrations");
        c.Exec(tx, "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)");
        var applied = c.Int64(tx, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
        if (applied == 0 && dialect.LegacyVersion(c, tx) is var legacy and > 0)
        {
            // A store made before schema_migrations existed: its tables are there, record how far it got.
            foreach (var m in Migrations.Where(m => m.Version <= legacy))
            {
                c.Exec(tx, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (@v, @n, @t)", ("@v", m.Version), ("@n", m.Name), ("@t", "before schema_migrations"));
            }

            applied = legacy;
        }

        if (applied > LatestVersion)
        {
            throw new InvalidOperationException($"the store {dialect.Location} is at schema version {applied}, newer than this program knows ({LatestVersion}); use a newer computegate");
        }

        foreach (var m in Migrations.Where(m => m.Version > applied))
        {
            c.Exec(tx, dialect.Expand(m.Script));
            c.Exec(tx, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (@v, @n, @t)",
                ("@v", m.Version), ("@n", m.Name), ("@t", clock.GetUtcNow().ToString("O", CultureInfo.InvariantCulture)));
        }

        tx.Commit();
    }

    private static List<(int, string, string)> LoadMigrations()
    {
        var assembly = typeof(StoreDatabase).Assembly;
        var result = new List<(int, string, string)>();
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith("migrations/", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            var file = name["migrations/".Length..];
            var version = int.Parse(file[..4], CultureInfo.InvariantCulture);
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            result.Add((version, Path.GetFileNameWithoutExtension(file)[5..], reader.ReadToEnd()));
        }

        // Versions are 1, 2, 3, ...: a gap would mean a script was lost.
        for (var i = 0; i < result.Count; i++)
        {
            if (result[i].Item1 != i + 1)
            {
                throw new InvalidOperationException($"migration {i + 1} is missing (found {result[i].Item1})");
            }
        }

        return result;
    }

    public void Dispose() => Dialect.Dispose();
}
