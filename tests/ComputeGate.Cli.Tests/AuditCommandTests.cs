using System.Diagnostics;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace ComputeGate.Cli.Tests;

/// <summary>`check` logs every decision to the store; `audit verify` and `audit export`; a killed batch resumed by its id.</summary>
public sealed class AuditCommandTests : StoreCommandTest
{
    private static readonly string Orders = Path.Combine(CheckCommandTests.RepoRoot(), "examples", "orders.csv");

    private long Count(string sql)
    {
        using var c = new SqliteConnection($"Data Source={Db};Mode=ReadOnly;Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        return Convert.ToInt64(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private CliRunner.Run Check(string book, string batch, params string[] more) =>
        CliRunner.Invoke(["check", book, "--db", Db, "--batch-id", batch, "--format", "jsonl", "--out", Path.Combine(Dir.Path, $"{batch}.jsonl"), .. more]);

    /// <summary>The example book's data lines, repeated with new ids up to <paramref name="lines"/> lines.</summary>
    private string Book(int lines)
    {
        var all = File.ReadAllLines(Orders);
        var rows = all.Skip(1).ToList();
        var text = new System.Text.StringBuilder(all[0]).Append('\n');
        for (var i = 0; i < lines; i++)
        {
            var row = rows[i % rows.Count];
            text.Append("o").Append(i).Append(row[row.IndexOf(',')..]).Append('\n');
        }

        return Dir.Write($"book-{lines}.csv", text.ToString());
    }

    [Fact]
    public void CheckLogsEveryLineWithItsInputDecisionAndProvenanceAndTheExportVerifies()
    {
        var run = Check(Orders, "b-1");
        Assert.True(run.ExitCode == 0, run.Err);
        Assert.Contains("Batch b-1: 21 decisions logged", run.Out);

        var export = CliRunner.Invoke("audit", "export", "--db", Db, "--from", "2026-01-01", "--to", "2026-12-31");
        Assert.True(export.ExitCode == 0, export.Err);
        var lines = export.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(22, lines.Count);
        var h100 = lines.Single(l => l.TryGetProperty("lineId", out var id) && id.GetString() == "h100-sa").GetProperty("record");
        Assert.Equal("SA", h100.GetProperty("input").GetProperty("destination").GetString());
        Assert.Equal("nvidia-h100-sxm", h100.GetProperty("input").GetProperty("item").GetString());
        var decision = h100.GetProperty("decision");
        Assert.Equal("LICENSE_REQUIRED", decision.GetProperty("verdict").GetString());
        var explanation = lines.Single(l => l.TryGetProperty("lineId", out var id) && id.GetString() == "h100-sa").GetProperty("explanation");
        Assert.NotEmpty(explanation.GetProperty("reasons").EnumerateArray());
        Assert.NotEmpty(explanation.GetProperty("citations").EnumerateArray());
        Assert.StartsWith("computegate-rules-", decision.GetProperty("provenance").GetProperty("ruleSet").GetString());
        var error = lines.Single(l => l.TryGetProperty("lineId", out var id) && id.GetString() == "bad-quantity").GetProperty("record");
        Assert.Equal(JsonValueKind.Null, error.GetProperty("input").ValueKind);
        Assert.Equal("ERROR", error.GetProperty("decision").GetProperty("verdict").GetString());

        var verification = lines[^1].GetProperty("verification");
        Assert.True(verification.GetProperty("ok").GetBoolean());
        Assert.Equal(21, verification.GetProperty("records").GetInt64());
        Assert.Equal(21, lines[^1].GetProperty("exported").GetInt64());

        Assert.Empty(CliRunner.Invoke("audit", "export", "--db", Db, "--from", "2026-11-24", "--to", "2026-12-31").Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).SkipLast(1));
    }

    [Fact]
    public void OneLineIsLoggedToo()
    {
        var run = CliRunner.Invoke("check", "--item", "nvidia-h20", "--to", "CN", "--date", "2025-05-01", "--db", Db, "--batch-id", "one", "--json");
        Assert.True(run.ExitCode == 0, run.Err);
        Assert.Contains("Batch one: decision logged", run.Err);
        Assert.Equal(1, Count("SELECT COUNT(*) FROM decision_log WHERE batch_id = 'one' AND line_id = 'cli'"));
    }

    [Fact]
    public void VerifyNamesAnEditedRecordAndExitsThree()
    {
        Assert.Equal(0, Check(Orders, "b-1").ExitCode);
        Assert.Equal(0, CliRunner.Invoke("audit", "verify", "--db", Db).ExitCode);
        using (var c = new SqliteConnection($"Data Source={Db};Pooling=False"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "DROP TRIGGER decision_log_no_update; UPDATE decision_log SET body = REPLACE(body, 'LICENSE_REQUIRED', 'LICENSED') WHERE line_id = 'h100-sa'";
            Assert.Equal(1, cmd.ExecuteNonQuery());
        }

        var run = CliRunner.Invoke("audit", "verify", "--db", Db, "--json");
        Assert.Equal(3, run.ExitCode);
        var b = JsonDocument.Parse(run.Out).RootElement.GetProperty("firstBreak");
        Assert.Equal(("edited", "h100-sa"), (b.GetProperty("kind").GetString(), b.GetProperty("lineId").GetString()));
    }

    [Fact]
    public void ABatchStoppedHalfwayAndRunAgainLogsEveryLineExactlyOnce()
    {
        // The first run sees only the first half of the book (as if killed after logging it).
        var all = File.ReadAllLines(Orders);
        var book = Dir.Write("orders.csv", string.Join('\n', all.Take(11)) + "\n");
        Assert.Equal(0, Check(book, "resume-me").ExitCode);
        Assert.Equal(10, Count("SELECT COUNT(*) FROM decision_log"));

        File.WriteAllText(book, string.Join('\n', all) + "\n");
        var again = Check(book, "resume-me");
        Assert.True(again.ExitCode == 0, again.Err);
        Assert.Contains("11 decisions logged; 10 were logged by an earlier run of the batch", again.Out);
        Assert.Equal(21, File.ReadAllLines(Path.Combine(Dir.Path, "resume-me.jsonl")).Length); // the output is whole again
        Assert.Equal((21, 21), (Count("SELECT COUNT(*) FROM decision_log"), Count("SELECT COUNT(DISTINCT line_no) FROM decision_log")));

        // Another batch is logged on its own.
        Assert.Equal(0, Check(book, "other").ExitCode);
        Assert.Equal(42, Count("SELECT COUNT(*) FROM decision_log"));
        Assert.Equal(0, CliRunner.Invoke("audit", "verify", "--db", Db).ExitCode);
    }

    [Fact]
    public void ABatchKilledWithSigkillAndRunAgainLogsEveryLineExactlyOnce()
    {
        const int lines = 100_000;
        var book = Book(lines);
        var cli = Path.Combine(AppContext.BaseDirectory, "computegate.dll");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            ArgumentList = { cli, "check", book, "--db", Db, "--batch-id", "killed", "--format", "jsonl", "--out", Path.Combine(Dir.Path, "killed-1.jsonl") },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        long seen = 0;
        using (var p = Process.Start(start)!)
        {
            var waited = Stopwatch.StartNew();
            while (!p.HasExited && (seen = Logged()) < 10_000)
            {
                Assert.True(waited.Elapsed < TimeSpan.FromMinutes(2), "the batch logged nothing in two minutes");
                Thread.Sleep(20);
            }

            if (p.HasExited)
            {
                Assert.Fail($"the batch ended before it could be killed: {p.StandardError.ReadToEnd()}");
            }

            p.Kill(); // SIGKILL on Linux
            p.WaitForExit();
            Assert.Equal(137, p.ExitCode); // 128 + SIGKILL
        }

        var before = Count("SELECT COUNT(*) FROM decision_log");
        Assert.InRange(before, seen, lines - 1);

        long Logged() => File.Exists(Db) && Count("SELECT COUNT(*) FROM sqlite_master WHERE name = 'decision_log'") == 1 ? Count("SELECT COUNT(*) FROM decision_log") : 0;

        var again = CliRunner.Invoke("check", book, "--db", Db, "--batch-id", "killed", "--format", "jsonl", "--out", Path.Combine(Dir.Path, "killed-2.jsonl"));
        Assert.True(again.ExitCode == 0, again.Err);
        Assert.Contains($"{lines - before:N0} decisions logged; {before:N0} were logged by an earlier run", again.Out);
        Assert.Equal((lines, lines), (Count("SELECT COUNT(*) FROM decision_log"), Count("SELECT COUNT(DISTINCT line_no) FROM decision_log WHERE batch_id = 'killed'")));
        Assert.Equal(0, CliRunner.Invoke("audit", "verify", "--db", Db).ExitCode);
    }
}
