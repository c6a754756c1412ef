namespace ComputeGate.Application.Tests;

/// <summary>The repository this test binary was built from (the folder holding ComputeGate.slnx), and a scratch folder.</summary>
internal static class Repo
{
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ComputeGate.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no ComputeGate.slnx above {AppContext.BaseDirectory}");
    }
}

/// <summary>A temporary folder, deleted with the test.</summary>
internal sealed class Scratch : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"cg-app-{Guid.NewGuid():N}");

    public Scratch() => Directory.CreateDirectory(Path);

    public string Write(string name, string text)
    {
        var file = System.IO.Path.Combine(Path, name);
        File.WriteAllText(file, text);
        return file;
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(Path, recursive: true);
    }
}
