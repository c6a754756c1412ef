using ComputeGate.Store.Database;
using Npgsql;

namespace ComputeGate.Store.Tests;

/// <summary>
/// A fresh, empty store of one kind for one test: a SQLite file in a temp directory, or a PostgreSQL
/// schema of its own (so tests run in parallel) in the database named by <c>$COMPUTEGATE_TEST_PG</c>.
/// Without that variable the PostgreSQL cases are skipped, saying why; <c>.ci/run</c> starts a server and sets it.
/// </summary>
public sealed class TestStore : IDisposable
{
    public const string PgVariable = "COMPUTEGATE_TEST_PG";

    /// <summary>The two kinds, for <c>[Theory, MemberData(nameof(TestStore.Kinds), MemberType = typeof(TestStore))]</c>.</summary>
    public static TheoryData<string> Kinds => new("sqlite", "postgresql");

    private readonly string? _dir;
    private readonly string? _schema;
    private readonly string? _server;

    private TestStore(string location, string? dir, string? schema, string? server)
    {
        Location = location;
        _dir = dir;
        _schema = schema;
        _server = server;
    }

    public string Location { get; }

    public static TestStore Create(string kind)
    {
        if (kind == "sqlite")
        {
            var dir = Path.Combine(Path.GetTempPath(), $"cg-store-{Guid.NewGuid():N}");
            Directory.CreateDirectory(dir);
            return new TestStore(Path.Combine(dir, "store.db"), dir, null, null);
        }

        var server = Environment.GetEnvironmentVariable(PgVariable);
        if (string.IsNullOrWhiteSpace(server))
        {
            Assert.Skip($"${PgVariable} is not set: the PostgreSQL store is not tested here (.ci/run starts a server and sets it)");
        }

        var schema = $"t_{Guid.NewGuid():N}";
        var location = new NpgsqlConnectionStringBuilder(server) { SearchPath = schema }.ConnectionString;
        return new TestStore(location, null, schema, server);
    }

    public StoreDatabase Open(TimeProvider? clock = null) => StoreDatabase.Open(Location, clock ?? TimeProvider.System);

    /// <summary>Runs SQL straight on the store, as someone with access to the database could.</summary>
    public void Raw(string sql)
    {
        using var store = Open();
        using var c = store.Connect();
        c.Exec(null, sql);
    }

    public void Dispose()
    {
        if (_dir is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(_dir, recursive: true);
        }

        if (_schema is not null)
        {
            using var c = new NpgsqlConnection(_server);
            c.Open();
            c.Exec(null, $"DROP SCHEMA IF EXISTS {_schema} CASCADE");
        }
    }
}

/// <summary>A clock that moves only when told to.</summary>
public sealed class ManualClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
