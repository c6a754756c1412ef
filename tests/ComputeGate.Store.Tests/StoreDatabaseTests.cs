using ComputeGate.Store.Database;

namespace ComputeGate.Store.Tests;

/// <summary>One set of migrations, applied on open, on both stores.</summary>
public sealed class StoreDatabaseTests
{
    [Theory, MemberData(nameof(TestStore.Kinds), MemberType = typeof(TestStore))]
    public void OpeningAppliesEveryMigrationOnce(string kind)
    {
        using var t = TestStore.Create(kind);
        using (var store = t.Open())
        {
            Assert.Equal(kind, store.Dialect.Name);
            Assert.Equal(Enumerable.Range(1, StoreDatabase.LatestVersion), store.AppliedVersions());
        }

        using var again = t.Open();
        Assert.Equal(Enumerable.Range(1, StoreDatabase.LatestVersion), again.AppliedVersions());
    }

    [Theory, MemberData(nameof(TestStore.Kinds), MemberType = typeof(TestStore))]
    public async Task StoresOpenedAtTheSameTimeMigrateOnce(string kind)
    {
        using var t = TestStore.Create(kind);
        var opens = Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            using var s = t.Open();
            return s.AppliedVersions();
        }));
        foreach (var versions in await Task.WhenAll(opens))
        {
            Assert.Equal(Enumerable.Range(1, StoreDatabase.LatestVersion), versions);
        }
    }

    [Fact]
    public void AListStoreMadeBeforeSchemaMigrationsKeepsItsLists()
    {
        using var t = TestStore.Create("sqlite");
        // The first list store: its tables and one number in schema_version.
        using (var c = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={t.Location}"))
        {
            c.Open();
            c.Exec(null, new SqliteDialect(t.Location).Expand(StoreDatabase.Migrations[0].Script));
            c.Exec(null, "CREATE TABLE schema_version (version INTEGER NOT NULL); INSERT INTO schema_version VALUES (1);");
            c.Exec(null, "INSERT INTO imports (format, source_file, source_sha256, imported_at, rejected) VALUES ('csl', 'old.csv', 'h', '2026-01-01T00:00:00.0000000+00:00', 0)");
        }

        using var store = t.Open();
        Assert.Equal(Enumerable.Range(1, StoreDatabase.LatestVersion), store.AppliedVersions());
        using var db = store.Connect();
        Assert.Equal(1L, db.Int64(null, "SELECT COUNT(*) FROM imports"));
    }

    [Theory]
    [InlineData("postgresql://app:secret@db.example:5433/cg", "Host=db.example;Database=cg;Port=5433;Username=app")]
    [InlineData("Host=127.0.0.1;Username=app;Password=secret;Database=app", "Host=127.0.0.1;Username=app;Database=app")]
    public void APostgreSqlLocationIsShownWithoutItsPassword(string location, string shown)
    {
        Assert.True(Dialect.IsPostgres(location));
        using var d = new PostgresDialect(location);
        Assert.Equal(shown, d.Location);
    }

    [Fact]
    public void AnythingElseIsASqliteFile() => Assert.False(Dialect.IsPostgres("/var/lib/computegate/store.db"));
}
