using ComputeGate.Cli;
using Spectre.Console;

namespace ComputeGate.Cli.Tests;

/// <summary>Runs the CLI in-process with a fixed clock and a plain 100-column console.</summary>
public static class CliRunner
{
    public static readonly DateTimeOffset Today = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    public sealed record Run(int ExitCode, string Out, string Err);

    /// <summary>
    /// The store that commands without --db use in these tests (every check logs its decisions): one
    /// SQLite file per test process, never the user's own store.
    /// </summary>
    public static readonly string DefaultStore = Path.Combine(Path.GetTempPath(), $"cg-cli-tests-{Environment.ProcessId}", "store.db");

    static CliRunner()
    {
        Environment.SetEnvironmentVariable("COMPUTEGATE_DB", DefaultStore);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (Directory.Exists(Path.GetDirectoryName(DefaultStore)))
            {
                Directory.Delete(Path.GetDirectoryName(DefaultStore)!, recursive: true);
            }
        };
    }

    public static Run Invoke(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(output),
        });
        console.Profile.Width = 100;
        var code = new App(output, error, console, new FixedClock(Today)).Run(args);
        return new Run(code, output.ToString().Replace("\r\n", "\n"), error.ToString());
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    /// <summary>
    /// Compares with tests/ComputeGate.Cli.Tests/golden/NAME; with UPDATE_GOLDEN=1 rewrites it instead
    /// (then review the diff before committing).
    /// </summary>
    public static void AssertGolden(string name, string actual)
    {
        // The rule-set hash changes with any edit of rules/; the golden files pin what a person sees, not it.
        actual = System.Text.RegularExpressions.Regex.Replace(actual, "sha256:[0-9a-f]{12}", "sha256:<hash>");
        // A new batch id and the store's path differ on every run.
        actual = System.Text.RegularExpressions.Regex.Replace(actual, @"Batch \S+: (.*?) \(store [^)]*\)\.", "Batch <id>: $1 (store <store>).", System.Text.RegularExpressions.RegexOptions.Singleline);
        var dir = Path.Combine(ProjectDir(), "golden");
        var path = Path.Combine(dir, name);
        if (Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1")
        {
            Directory.CreateDirectory(dir);
            File.WriteAllText(path, actual);
            return;
        }

        Assert.True(File.Exists(path), $"golden file {path} is missing; run with UPDATE_GOLDEN=1 to create it");
        Assert.Equal(File.ReadAllText(path).Replace("\r\n", "\n"), actual);
    }

    private static string ProjectDir([System.Runtime.CompilerServices.CallerFilePath] string file = "") =>
        Path.GetDirectoryName(file)!;
}
