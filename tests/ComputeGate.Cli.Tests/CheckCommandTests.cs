using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.RegularExpressions;
using CsvHelper;

namespace ComputeGate.Cli.Tests;

/// <summary>
/// <c>computegate check</c> (issue "Decide order lines"): an order book decided line by line, as jsonl,
/// csv or a table, with a summary; held licences drawn down in file order; one line as a tree of reasons.
/// </summary>
public class CheckCommandTests
{
    internal static string RepoRoot([CallerFilePath] string here = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "..", ".."));

    private static readonly string Orders = Path.Combine(RepoRoot(), "examples", "orders.csv");

    // The example book decided once per mode (each run decides the 21 lines in-process).
    private static readonly Lazy<CliRunner.Run> Enforced = new(() => CliRunner.Invoke("check", Orders, "--format", "jsonl"));
    private static readonly Lazy<CliRunner.Run> Written = new(() => CliRunner.Invoke("check", Orders, "--format", "jsonl", "--as-written"));
    private static readonly Lazy<CliRunner.Run> AsOf = new(() => CliRunner.Invoke("check", Orders, "--format", "jsonl", "--as-of", "2024-06-01"));

    internal static List<JsonElement> Jsonl(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();

    private static Dictionary<string, JsonElement> ById(CliRunner.Run run)
    {
        Assert.Equal(0, run.ExitCode);
        return Jsonl(run.Out).ToDictionary(j => j.GetProperty("id").GetString()!);
    }

    private static string? Str(JsonElement j, string name) => j.GetProperty(name).GetString();

    /// <summary>The example book's rows as column → value (its fields hold no commas or quotes).</summary>
    private static List<Dictionary<string, string>> ExampleRows()
    {
        var lines = File.ReadAllLines(Orders).Where(l => l.Length > 0).ToList();
        var header = lines[0].Split(',');
        return lines.Skip(1).Select(l => header.Zip(l.Split(',')).ToDictionary(p => p.First, p => p.Second)).ToList();
    }

    /// <summary>The rows of a Spectre summary table: verdict → (lines, units, value).</summary>
    internal static Dictionary<string, (long Lines, long Units, decimal Value)> SummaryRows(string text) =>
        Regex.Matches(text, @"│ ([A-Z_]+)\s+│\s+([\d,]+) │\s+([\d,]+) │\s+([\d,]+) │")
            .ToDictionary(m => m.Groups[1].Value, m => (long.Parse(m.Groups[2].Value.Replace(",", "")), long.Parse(m.Groups[3].Value.Replace(",", "")), decimal.Parse(m.Groups[4].Value.Replace(",", ""))));

    // ------------------------------------------------------------------ the example book as jsonl

    [Fact]
    public void TheReadmeLicenceExampleLicensesTheSaudiLine()
    {
        var run = CliRunner.Invoke("check", Orders, "--format", "jsonl", "--licenses", Path.Combine(RepoRoot(), "examples", "licenses.yaml"));
        Assert.Equal(0, run.ExitCode);
        var d = ById(run);
        Assert.Equal("LICENSED", d["h100-sa"].GetProperty("verdict").GetString());
        Assert.Equal("EXAMPLE-D1234567", d["h100-sa"].GetProperty("license").GetString());
        Assert.Equal(JsonValueKind.Null, d["h100-sa"].GetProperty("reviewPolicy").ValueKind);
        // Other lines are untouched: the licence is for Saudi Arabia and its named end user only.
        Assert.Equal("LICENSE_REQUIRED", d["h100-my-cn-parent"].GetProperty("verdict").GetString());
    }

    [Fact]
    public void TheExampleBookGivesOneJsonLinePerRowInFileOrder()
    {
        var run = Enforced.Value;
        Assert.Equal(0, run.ExitCode);
        var lines = Jsonl(run.Out);
        var rows = ExampleRows();

        Assert.Equal(21, rows.Count);
        Assert.Equal(rows.Select(r => r["id"]), lines.Select(j => Str(j, "id")));
        Assert.Equal(Enumerable.Range(2, 21), lines.Select(j => j.GetProperty("line").GetInt32()));
    }

    [Theory]
    [InlineData("h20-cn-2024", "NLR")]
    [InlineData("h20-cn-2025-03", "NLR")]
    [InlineData("h20-cn-2025-04", "LICENSE_REQUIRED")]
    [InlineData("h20-hk-2025-04", "LICENSE_REQUIRED")]
    [InlineData("h20-cn-no-exporter", "REVIEW")]
    [InlineData("hgx-h20-my-cn-parent", "LICENSE_REQUIRED")]
    [InlineData("h100-sa", "LICENSE_REQUIRED")]
    [InlineData("h100-il", "NLR")]
    [InlineData("h100-my-cn-parent", "LICENSE_REQUIRED")]
    [InlineData("h100-my-local", "NLR")]
    [InlineData("h100-in-as-written", "NLR")]
    [InlineData("rtx4090-cn", "LICENSE_EXCEPTION")]
    [InlineData("a800-cn-2023-06", "NLR")]
    [InlineData("a800-cn-2023-11", "LICENSE_REQUIRED")]
    [InlineData("l40-vn", "LICENSE_EXCEPTION")]
    [InlineData("huawei", "LICENSE_REQUIRED")]
    [InlineData("hbm-cn", "LICENSE_REQUIRED")]
    [InlineData("weights-cn", "NLR")]
    [InlineData("ascend-de", "REVIEW")]
    [InlineData("bad-country", "ERROR")]
    [InlineData("bad-quantity", "ERROR")]
    public void EveryExampleLineHasItsVerdictAsEnforced(string id, string verdict) =>
        Assert.Equal(verdict, Str(ById(Enforced.Value)[id], "verdict"));

    [Fact]
    public void TheExampleLinesCarryExceptionNotificationPolicyAndNumbers()
    {
        var d = ById(Enforced.Value);

        Assert.Equal("NAC", Str(d["rtx4090-cn"], "licenseException"));
        Assert.True(d["rtx4090-cn"].GetProperty("notificationRequired").GetBoolean());
        Assert.Equal("ACA", Str(d["l40-vn"], "licenseException"));
        Assert.False(d["l40-vn"].GetProperty("notificationRequired").GetBoolean());

        Assert.Equal("presumption-of-denial", Str(d["huawei"], "reviewPolicy"));
        Assert.Contains(d["huawei"].GetProperty("reasons").EnumerateArray(), r => r.GetString()!.Contains("Entity List"));
        Assert.Equal("presumption-of-approval", Str(d["h100-sa"], "reviewPolicy"));
        Assert.Equal("presumption-of-denial", Str(d["h100-my-cn-parent"], "reviewPolicy"));
        Assert.Equal("not stated (is-informed letter)", Str(d["h20-cn-2025-04"], "reviewPolicyNote"));
        Assert.Equal("3A090.c", Str(d["hbm-cn"], "eccn"));

        Assert.Equal("3A090.a", Str(d["h100-sa"], "eccn"));
        Assert.Equal("3A090.a.1", Str(d["h100-sa"], "paragraph"));
        Assert.Equal(256, d["h100-sa"].GetProperty("quantity").GetInt32());
        Assert.Equal(256m * 27000m, d["h100-sa"].GetProperty("valueUsd").GetDecimal());
        Assert.Equal(JsonValueKind.Null, d["h100-sa"].GetProperty("license").ValueKind);
        Assert.Equal(JsonValueKind.Null, d["h100-sa"].GetProperty("licenseException").ValueKind);
        Assert.NotEmpty(d["h100-sa"].GetProperty("citations").EnumerateArray());
        Assert.Equal(JsonValueKind.Array, d["h100-sa"].GetProperty("unverified").ValueKind);

        // Hong Kong is given as a name and decided as China.
        Assert.Contains(d["h20-hk-2025-04"].GetProperty("reasons").EnumerateArray(), r => r.GetString() == "destination: HK is treated as CN under the EAR.");
    }

    [Theory]
    [InlineData("bad-country", 21, "destination", "'Atlantis' is not a country code or name")]
    [InlineData("bad-quantity", 22, "quantity", "'-5' is not a positive whole number")]
    public void ErrorLinesNameFileLineAndField(string id, int line, string field, string problem)
    {
        var j = ById(Enforced.Value)[id];
        Assert.Equal(line, j.GetProperty("line").GetInt32());
        var error = j.GetProperty("error");
        Assert.Equal(field, Str(error, "field"));
        Assert.StartsWith($"{Orders}:{line}: {field}: {problem}", Str(error, "message"));
        Assert.False(j.TryGetProperty("provenance", out _));
        Assert.False(j.TryGetProperty("reasons", out _));
    }

    [Fact]
    public void TheExtraColumnIsKeptUnderExtraOnEveryLine()
    {
        var d = ById(Enforced.Value);
        foreach (var row in ExampleRows())
        {
            var extra = d[row["id"]].GetProperty("extra");
            Assert.Equal(["note"], extra.EnumerateObject().Select(p => p.Name));
            Assert.Equal(row["note"], Str(extra, "note"));
        }

        Assert.False(d["h100-sa"].TryGetProperty("error", out _));
    }

    [Fact]
    public void EveryDecisionCarriesItsProvenance()
    {
        var d = ById(Enforced.Value);
        foreach (var row in ExampleRows().Where(r => !r["id"].StartsWith("bad-", StringComparison.Ordinal)))
        {
            var p = d[row["id"]].GetProperty("provenance");
            Assert.Matches(@"^computegate-rules-\S+ \(sha256:[0-9a-f]{12}\)$", Str(p, "ruleSet"));
            Assert.Matches(@"^entity-list-\S+ \(sha256:[0-9a-f]{12}\)$", Str(p, "listSnapshot"));
            Assert.Equal(row["date"], Str(p, "date"));
            Assert.Equal("as-enforced", Str(p, "mode"));
            Assert.StartsWith("computegate ", Str(p, "engine"));
        }
    }

    [Fact]
    public void TheSummaryGoesToStandardErrorAndAddsUpTheLines()
    {
        var run = Enforced.Value;
        var lines = Jsonl(run.Out); // standard output holds nothing but the JSON lines
        Assert.Contains("21 lines (as enforced)", run.Err);
        Assert.DoesNotContain("21 lines", run.Out);
        Assert.Matches(@"Rule set computegate-rules-\S+ \(sha256:[0-9a-f]{12}\); list snapshot\s+entity-list-", run.Err);

        var summary = SummaryRows(run.Err);
        Assert.Equal(["NLR", "LICENSE_EXCEPTION", "LICENSE_REQUIRED", "REVIEW", "ERROR"], summary.Keys);
        Assert.Equal(7, summary["NLR"].Lines);
        Assert.Equal(2, summary["LICENSE_EXCEPTION"].Lines);
        Assert.Equal(8, summary["LICENSE_REQUIRED"].Lines);
        Assert.Equal(2, summary["REVIEW"].Lines);
        Assert.Equal(2, summary["ERROR"].Lines);
        foreach (var (verdict, s) in summary)
        {
            var these = lines.Where(j => Str(j, "verdict") == verdict).ToList();
            Assert.Equal(these.Count, s.Lines);
            Assert.Equal(these.Sum(j => j.TryGetProperty("quantity", out var q) ? q.GetInt64() : 0), s.Units);
            Assert.Equal(these.Sum(j => j.TryGetProperty("valueUsd", out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDecimal() : 0m), s.Value);
        }
    }

    // ------------------------------------------------------------------ modes and dates

    [Theory]
    [InlineData("h100-in-as-written", "LICENSE_EXCEPTION")]
    [InlineData("weights-cn", "LICENSE_REQUIRED")]
    [InlineData("h100-sa", "LICENSE_REQUIRED")] // 2024: before AI Diffusion, unchanged
    [InlineData("h100-my-local", "NLR")]        // 2024: unchanged
    [InlineData("rtx4090-cn", "LICENSE_EXCEPTION")]
    [InlineData("ascend-de", "REVIEW")]
    [InlineData("bad-country", "ERROR")]
    public void AsWrittenAppliesAiDiffusion(string id, string verdict) =>
        Assert.Equal(verdict, Str(ById(Written.Value)[id], "verdict"));

    [Fact]
    public void AsWrittenGivesLppToIndiaAndDenialToModelWeightsForChina()
    {
        var d = ById(Written.Value);
        Assert.Equal("LPP", Str(d["h100-in-as-written"], "licenseException"));
        Assert.True(d["h100-in-as-written"].GetProperty("notificationRequired").GetBoolean());
        Assert.Equal("presumption-of-denial", Str(d["weights-cn"], "reviewPolicy"));
        Assert.All(d.Values.Where(j => Str(j, "verdict") != "ERROR"), j => Assert.Equal("as-written", Str(j.GetProperty("provenance"), "mode")));
        Assert.Contains("21 lines (AI Diffusion as written)", Written.Value.Err);
    }

    [Fact]
    public void AsOfDecidesEveryLineOnThatDate()
    {
        var d = ById(AsOf.Value);
        Assert.Equal(21, d.Count);
        Assert.All(d.Values.Where(j => Str(j, "verdict") != "ERROR"), j => Assert.Equal("2024-06-01", Str(j.GetProperty("provenance"), "date")));

        // The date is used, not only printed: the H20 letter (2025-04) is not yet in force, the A800 rule (2023-11) is.
        Assert.Equal("NLR", Str(d["h20-cn-2025-04"], "verdict"));
        Assert.Equal("LICENSE_REQUIRED", Str(d["a800-cn-2023-06"], "verdict"));
    }

    [Fact]
    public void AsOfAllowsABookWithoutADateColumn()
    {
        using var dir = new TempDir();
        var book = dir.Write("book.csv", "id,item,quantity,destination,end_user\nl1,nvidia-h20,3,CN,Example Cloud\n");

        var without = CliRunner.Invoke("check", book, "--format", "jsonl");
        Assert.Equal(2, without.ExitCode);
        Assert.Contains(book, without.Err);
        Assert.Contains("date: required column missing", without.Err);

        var with = Assert.Single(Jsonl(CliRunner.Invoke("check", book, "--format", "jsonl", "--as-of", "2025-04-20").Out));
        Assert.Equal("2025-04-20", Str(with.GetProperty("provenance"), "date"));
    }

    [Fact]
    public void ExtraColumnsKeepTheNamesTheUserWrote()
    {
        using var dir = new TempDir();
        var book = dir.Write("book.csv", "id,date,item,quantity,destination,end_user,end_user_hq,PO_Number\nl1,2024-06-01,nvidia-h20,3,CN,Example Cloud,CN,PO-77\n");
        var line = Assert.Single(Jsonl(CliRunner.Invoke("check", book, "--format", "jsonl").Out));
        Assert.Equal("PO-77", Str(line.GetProperty("extra"), "PO_Number"));
    }

    [Fact]
    public void ALicenceNamingAnUnknownItemIsReported()
    {
        using var dir = new TempDir();
        var licences = dir.Write("licences.yaml", """
            licenses:
              - { number: L-TYPO, holder: NVIDIA Corporation, items: [nvidia-h100], destinations: [SA], valid_from: 2024-01-01, valid_until: 2024-12-31 }
            """);
        var book = dir.Write("book.csv", "id,date,item,quantity,destination,end_user,end_user_hq,exporter\nl1,2024-06-01,nvidia-h100-sxm,3,SA,Example AI,SA,NVIDIA\n");
        var run = CliRunner.Invoke("check", book, "--format", "jsonl", "--licenses", licences);
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("licence L-TYPO: items: 'nvidia-h100' is not a catalog id", run.Err);
        Assert.Equal("LICENSE_REQUIRED", Str(Assert.Single(Jsonl(run.Out)), "verdict"));
    }

    // ------------------------------------------------------------------ csv and --out

    [Fact]
    public void CsvToAFileHasAHeaderAndOneRecordPerRowWithTheExtraColumnLast()
    {
        using var dir = new TempDir();
        var file = Path.Combine(dir.Path, "decisions.csv");

        var run = CliRunner.Invoke("check", Orders, "--format", "csv", "--out", file);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("21 lines (as enforced)", run.Out); // the summary goes to the console when the data went to a file
        Assert.DoesNotContain("h100-sa", run.Out);

        var expected = ById(Enforced.Value);
        using var csv = CsvReader.Create(new StringReader(File.ReadAllText(file)), new CsvReaderOptions { HasHeader = true }, false);
        var records = new List<Dictionary<string, string>>();
        while (csv.Read())
        {
            Assert.Equal(20, csv.FieldCount);
            var record = new Dictionary<string, string>();
            foreach (var name in new[] { "id", "line", "verdict", "license_exception", "notification_required", "review_policy", "quantity", "value_usd", "date", "mode", "reasons", "rule_set", "note" })
            {
                Assert.True(csv.TryGetFieldIndex(name, out var i), name);
                record[name] = csv.GetString(i);
            }

            records.Add(record);
        }

        Assert.Equal("note", csv.Headers[^1]);
        Assert.Equal(["id", "line", "verdict", "eccn", "paragraph"], csv.Headers.Take(5));
        Assert.Equal(21, records.Count);
        Assert.Equal(ExampleRows().Select(r => r["id"]), records.Select(r => r["id"]));
        Assert.Equal(ExampleRows().Select(r => r["note"]), records.Select(r => r["note"]));
        foreach (var r in records)
        {
            Assert.Equal(Str(expected[r["id"]], "verdict"), r["verdict"]);
        }

        var sa = records.Single(r => r["id"] == "h100-sa");
        Assert.Equal(("8", "256", "6912000", "2024-06-01", "as-enforced", "presumption-of-approval", "false"),
            (sa["line"], sa["quantity"], sa["value_usd"], sa["date"], sa["mode"], sa["review_policy"], sa["notification_required"]));
        Assert.Contains(" | ", sa["reasons"]);
        Assert.StartsWith("computegate-rules-", sa["rule_set"]);
        var rtx = records.Single(r => r["id"] == "rtx4090-cn");
        Assert.Equal(("NAC", "true"), (rtx["license_exception"], rtx["notification_required"]));
        var bad = records.Single(r => r["id"] == "bad-country");
        Assert.StartsWith($"{Orders}:21: destination: 'Atlantis'", bad["reasons"]);
        Assert.Equal("", bad["quantity"]);
    }

    [Fact]
    public void JsonlToAFileLeavesStandardOutputToTheSummary()
    {
        using var dir = new TempDir();
        var file = Path.Combine(dir.Path, "decisions.jsonl");

        var run = CliRunner.Invoke("check", Orders, "--format", "jsonl", "--out", file);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(21, Jsonl(File.ReadAllText(file)).Count);
        Assert.Contains("21 lines (as enforced)", run.Out);
        Assert.Equal("", run.Err);
    }

    [Fact]
    public void AnUnknownFormatExitsTwo()
    {
        var run = CliRunner.Invoke("check", Orders, "--format", "xml");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--format: 'xml' is not a format", run.Err);
    }

    [Theory]
    [InlineData("a bad format")]
    [InlineData("an empty book")]
    [InlineData("a missing column")]
    [InlineData("a missing book")]
    public void ARunThatCannotReadItsInputLeavesAnExistingOutFileAlone(string failure)
    {
        using var dir = new TempDir();
        var previous = dir.Write("decisions.csv", "id,verdict\nyesterday,NLR\n");
        var book = failure switch
        {
            "an empty book" => dir.Write("orders.csv", ""),
            "a missing column" => dir.Write("orders.csv", "id,date,item,quantity\nl1,2024-06-01,nvidia-h20,1\n"),
            "a missing book" => Path.Combine(dir.Path, "no-such-orders.csv"),
            _ => Orders,
        };

        var run = CliRunner.Invoke("check", book, "--format", failure == "a bad format" ? "xml" : "csv", "--out", previous);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("id,verdict\nyesterday,NLR\n", File.ReadAllText(previous));
    }

    // ------------------------------------------------------------------ held licences

    private const string BookHeader = "id,date,item,quantity,destination,end_user,end_user_country,end_user_hq,exporter,unit_value_usd";

    private static string H100ToSa(string id, string date, int quantity, string exporter = "NVIDIA Corporation") =>
        $"{id},{date},nvidia-h100-sxm,{quantity},SA,Example AI Company (Riyadh),SA,SA,{exporter},27000";

    private static string Licence(string number, int quantity, string until = "2024-12-31", string holder = "NVIDIA Corporation") => $"""
          - number: {number}
            holder: {holder}
            eccns: [3A090.a]
            destinations: [SA]
            quantity: {quantity}
            valid_from: 2024-01-01
            valid_until: {until}
        """;

    private static (CliRunner.Run Run, Dictionary<string, JsonElement> Lines) CheckWithLicences(string licences, params string[] lines)
    {
        using var dir = new TempDir();
        var book = dir.Write("book.csv", string.Join("\n", lines.Prepend(BookHeader)) + "\n");
        var held = dir.Write("held.yaml", "licenses:\n" + licences + "\n");
        var run = CliRunner.Invoke("check", book, "--format", "jsonl", "--licenses", held);
        return (run with { Err = run.Err.Replace(held, "held.yaml") }, run.ExitCode == 0 ? ById(run) : []);
    }

    private static IEnumerable<string> Reasons(JsonElement j) => j.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()!);

    [Fact]
    public void ACoveringLicenceIsDrawnDownAndALineBeyondItsBalanceStillNeedsALicence()
    {
        var (run, d) = CheckWithLicences(Licence("D1234567", 300), H100ToSa("first", "2024-06-01", 256), H100ToSa("second", "2024-07-01", 100));

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("LICENSED", Str(d["first"], "verdict"));
        Assert.Equal("D1234567", Str(d["first"], "license"));
        Assert.Contains(Reasons(d["first"]), r => r.Contains("drawn down by 256 units") && r.Contains("left: 44 units"));
        Assert.Contains(d["first"].GetProperty("citations").EnumerateArray(), c => c.GetString()!.StartsWith("licence D1234567 (", StringComparison.Ordinal));

        Assert.Equal("LICENSE_REQUIRED", Str(d["second"], "verdict"));
        Assert.Equal(JsonValueKind.Null, d["second"].GetProperty("license").ValueKind);
        Assert.Contains("Licence D1234567 matches but has 44 units left; the line needs 100.", Reasons(d["second"]));

        var summary = SummaryRows(run.Err);
        Assert.Equal(1, summary["LICENSED"].Lines);
        Assert.Equal(256, summary["LICENSED"].Units);
        Assert.Equal(1, summary["LICENSE_REQUIRED"].Lines);
    }

    [Fact]
    public void LicencesAreTriedInFileOrder()
    {
        var (_, d) = CheckWithLicences(Licence("D-FIRST", 256) + "\n" + Licence("D-SECOND", 300),
            H100ToSa("a", "2024-06-01", 256), H100ToSa("b", "2024-06-02", 100), H100ToSa("c", "2024-06-03", 200), H100ToSa("d", "2024-06-04", 1));

        Assert.Equal("D-FIRST", Str(d["a"], "license"));
        Assert.Equal("D-SECOND", Str(d["b"], "license")); // D-FIRST is used up
        Assert.Equal("D-SECOND", Str(d["c"], "license"));
        Assert.Equal("LICENSE_REQUIRED", Str(d["d"], "verdict")); // both used up
    }

    [Fact]
    public void AnExpiredLicenceDoesNotCoverTheLine()
    {
        var (_, d) = CheckWithLicences(Licence("D-OLD", 300, until: "2024-05-31"), H100ToSa("late", "2024-06-01", 10), H100ToSa("in-time", "2024-05-31", 10));

        Assert.Equal("LICENSE_REQUIRED", Str(d["late"], "verdict"));
        Assert.Equal(JsonValueKind.Null, d["late"].GetProperty("license").ValueKind);
        Assert.Contains("Licence D-OLD does not cover the line: expired on 2024-05-31.", Reasons(d["late"]));
        Assert.Equal("LICENSED", Str(d["in-time"], "verdict")); // the last day is still valid
    }

    [Fact]
    public void ALicenceHeldBySomeoneElseDoesNotCoverTheExportersLine()
    {
        var (_, d) = CheckWithLicences(Licence("D-OTHER", 300, holder: "Example Distribution Ltd."),
            H100ToSa("nvidia", "2024-06-01", 10), H100ToSa("distributor", "2024-06-01", 10, exporter: "Example Distribution Ltd"));

        Assert.Equal("LICENSE_REQUIRED", Str(d["nvidia"], "verdict"));
        Assert.Equal(JsonValueKind.Null, d["nvidia"].GetProperty("license").ValueKind);
        Assert.Equal("LICENSED", Str(d["distributor"], "verdict")); // the holder's own line (name normalised) is covered
    }

    [Fact]
    public void AMalformedLicenceIsAWarningAndTheOthersAreStillUsed()
    {
        var bad = """
              - number: D-BAD
                holder: NVIDIA Corporation
                eccns: [3A090.a]
                quantity: 300
                valid_from: 2024-01-01
                valid_until: 2024-12-31
            """;
        var (run, d) = CheckWithLicences(bad + "\n" + Licence("D-GOOD", 300), H100ToSa("l1", "2024-06-01", 10));

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("warning: held.yaml:2: licenses[0].destinations: a licence names its destinations (licence left out)", run.Err);
        Assert.Equal("D-GOOD", Str(d["l1"], "license"));
    }

    [Fact]
    public void AMissingLicenceFileExitsTwo()
    {
        var run = CliRunner.Invoke("check", Orders, "--format", "jsonl", "--licenses", "/no/such/licences.yaml");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("/no/such/licences.yaml: no such file", run.Err);
        Assert.Equal("", run.Out);
    }

    // ------------------------------------------------------------------ files that cannot be read

    [Fact]
    public void AMissingBookExitsTwoNamingTheFile()
    {
        var file = Path.Combine(Path.GetTempPath(), $"cg-{Guid.NewGuid():N}", "orders.csv");
        var run = CliRunner.Invoke("check", file, "--format", "jsonl");
        Assert.Equal(2, run.ExitCode);
        Assert.Equal($"error: {file}: no such file\n", run.Err.Replace("\r\n", "\n"));
        Assert.Equal("", run.Out);
    }

    [Fact]
    public void AnEmptyBookExitsTwoNamingTheFile()
    {
        using var dir = new TempDir();
        var file = dir.Write("orders.csv", "");
        var run = CliRunner.Invoke("check", file, "--format", "jsonl");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"error: {file}:1: the file is empty", run.Err);
        Assert.DoesNotContain("   at ", run.Err);
    }

    [Theory]
    [InlineData("id")]
    [InlineData("item")]
    [InlineData("quantity")]
    [InlineData("destination")]
    public void ABookWithoutARequiredColumnExitsTwoNamingFileAndColumn(string column)
    {
        using var dir = new TempDir();
        var columns = "id,date,item,quantity,destination".Split(',').Where(c => c != column).ToList();
        var file = dir.Write("orders.csv", string.Join(",", columns) + "\n" + string.Join(",", columns.Select(_ => "x")) + "\n");

        var run = CliRunner.Invoke("check", file, "--format", "jsonl");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"error: {file}:1: {column}: required column missing from the header", run.Err);
        Assert.Equal("", run.Out);
    }

    [Fact]
    public void ABookOfOnlyErrorLinesIsStillProcessed()
    {
        using var dir = new TempDir();
        var file = dir.Write("orders.csv", "id,date,item,quantity,destination,po\na,2024-06-01,nvidia-h20,-1,CN,PO-1\nb,2024-13-01,nvidia-h20,1,CN,PO-2\nc,2024-06-01,nvidia-h2000,1,CN,PO-3\n");

        var run = CliRunner.Invoke("check", file, "--format", "jsonl");

        Assert.Equal(0, run.ExitCode);
        var lines = Jsonl(run.Out);
        Assert.Equal(["quantity", "date", "item"], lines.Select(j => Str(j.GetProperty("error"), "field")));
        Assert.All(lines, j => Assert.Equal("ERROR", Str(j, "verdict")));
        Assert.Equal(["PO-1", "PO-2", "PO-3"], lines.Select(j => Str(j.GetProperty("extra"), "po")));
        Assert.Equal(3, SummaryRows(run.Err)["ERROR"].Lines);
    }

    [Fact]
    public void AByteOrderMarkedBookIsRead()
    {
        using var dir = new TempDir();
        var file = Path.Combine(dir.Path, "orders.csv");
        File.WriteAllText(file, "id,date,item,quantity,destination,end_user\nl1,2024-06-01,nvidia-h20,3,CN,Example Cloud\n", new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: true));

        var j = Assert.Single(Jsonl(CliRunner.Invoke("check", file, "--format", "jsonl").Out));
        Assert.Equal("l1", Str(j, "id"));
        Assert.Equal("NLR", Str(j, "verdict"));
    }

    // ------------------------------------------------------------------ one line

    private static readonly string[] OneLine =
        ["check", "--item", "nvidia-h20", "--to", "CN", "--end-user", "Example Cloud (Shenzhen) Co. Ltd.", "--end-user-hq", "CN", "--exporter", "NVIDIA", "--date", "2025-04-20"];

    [Fact]
    public void OneLineIsATreeOfReasons()
    {
        var run = CliRunner.Invoke(OneLine);
        Assert.Equal(0, run.ExitCode);
        CliRunner.AssertGolden("check-h20-cn-2025-04-20.txt", run.Out);
    }

    [Fact]
    public void OneLineAsJson()
    {
        var run = CliRunner.Invoke([.. OneLine, "--json"]);
        Assert.Equal(0, run.ExitCode);
        var j = JsonDocument.Parse(run.Out).RootElement;
        Assert.Equal("LICENSE_REQUIRED", Str(j, "verdict"));
        Assert.Equal("not stated (is-informed letter)", Str(j, "reviewPolicyNote"));
        Assert.Equal(1, j.GetProperty("quantity").GetInt32());
        Assert.Equal("2025-04-20", Str(j.GetProperty("provenance"), "date"));
        Assert.Contains(j.GetProperty("citations").EnumerateArray(), c => c.GetString()!.Contains("8-K filed 2025-04-15"));

        // A day before the letter the same line needs no licence.
        var before = JsonDocument.Parse(CliRunner.Invoke([.. OneLine[..^1], "2025-04-08", "--json"]).Out).RootElement;
        Assert.Equal("NLR", Str(before, "verdict"));
    }

    [Theory]
    [InlineData("--to", "Atlantis", "--to: 'Atlantis' is not a country code or name")]
    [InlineData("--end-user-hq", "Narnia", "--end-user-hq: 'Narnia' is not a country code or name")]
    [InlineData("--quantity", "-1", "--quantity: '-1' is not a positive whole number")]
    [InlineData("--quantity", "0", "--quantity: '0' is not a positive whole number")]
    [InlineData("--date", "2025-02-30", "--date: '2025-02-30' is not a date")]
    [InlineData("--item", "nvidia-h2000", "--item: 'nvidia-h2000' is not a catalog id")]
    public void ABadOneLineOptionExitsTwoNamingIt(string option, string value, string message)
    {
        var args = OneLine.ToList();
        var at = args.IndexOf(option);
        if (at < 0)
        {
            args.AddRange([option, value]);
        }
        else
        {
            args[at + 1] = value;
        }

        var run = CliRunner.Invoke([.. args]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(message, run.Err);
        Assert.Equal("", run.Out);
    }

    [Fact]
    public void OneLineNeedsADestination()
    {
        var run = CliRunner.Invoke("check", "--item", "nvidia-h20");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--to", run.Err);
    }
}

/// <summary>What a person sees: the example book as a table. The file is given relative to the repository, as a person types it.</summary>
[Collection(WorkingDirectory.Name)]
public class CheckTableTests
{
    [Fact]
    public void TheExampleBookAsATable()
    {
        var run = WorkingDirectory.At(CheckCommandTests.RepoRoot(), () => CliRunner.Invoke("check", "examples/orders.csv", "--format", "table"));

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Err);
        CliRunner.AssertGolden("check-orders-table.txt", run.Out);
    }
}

/// <summary>Tests that change the process's working directory run alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class WorkingDirectory
{
    public const string Name = "working directory";

    public static T At<T>(string dir, Func<T> body)
    {
        var before = Environment.CurrentDirectory;
        Environment.CurrentDirectory = dir;
        try
        {
            return body();
        }
        finally
        {
            Environment.CurrentDirectory = before;
        }
    }
}

/// <summary>A unique directory under the temp path, deleted at the end.</summary>
public sealed class TempDir : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"cg-check-{Guid.NewGuid():N}");

    public TempDir() => Directory.CreateDirectory(Path);

    public string Write(string name, string text)
    {
        var file = System.IO.Path.Combine(Path, name);
        File.WriteAllText(file, text);
        return file;
    }

    public string WriteBytes(string name, byte[] bytes)
    {
        var file = System.IO.Path.Combine(Path, name);
        File.WriteAllBytes(file, bytes);
        return file;
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
