namespace ComputeGate.Cli.Tests;

/// <summary>A test with its own SQLite store in a temp directory, and the shared list files by path.</summary>
public abstract class StoreCommandTest : IDisposable
{
    protected TempDir Dir { get; } = new();
    protected string Db => Path.Combine(Dir.Path, "store.db");

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Dir.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>A file of ../shared/data (never copied into the repository); the test is skipped when it is absent.</summary>
    protected static string Shared(string relative)
    {
        var path = Path.GetFullPath(Path.Combine(CheckCommandTests.RepoRoot(), "..", "shared", "data", relative));
        if (!File.Exists(path))
        {
            Assert.Skip($"shared data file {path} is absent");
        }

        return path;
    }
}
