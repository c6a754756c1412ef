using System.Text.Json;

namespace ComputeGate.Cli.Tests;

/// <summary>`licenses import` / `licenses list`, and `check --store-licenses` drawing on them once per line.</summary>
public sealed class LicensesCommandTests : StoreCommandTest
{
    private static readonly string Root = CheckCommandTests.RepoRoot();
    private static readonly string Orders = Path.Combine(Root, "examples", "orders.csv");

    private string Verdict(string batch, string id)
    {
        var run = CliRunner.Invoke("check", Orders, "--store-licenses", "--db", Db, "--batch-id", batch, "--format", "jsonl");
        Assert.True(run.ExitCode == 0, run.Err);
        var line = run.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).Single(l => l.GetProperty("id").GetString() == id);
        return line.GetProperty("verdict").GetString()!;
    }

    private long UnitsLeft() =>
        JsonDocument.Parse(CliRunner.Invoke("licenses", "list", "--db", Db, "--json").Out).RootElement[0].GetProperty("quantityLeft").GetInt64();

    [Fact]
    public void StoreLicencesAreDrawnOncePerLineAndSharedBetweenBatches()
    {
        var import = CliRunner.Invoke("licenses", "import", Path.Combine(Root, "examples", "licenses.yaml"), "--db", Db);
        Assert.True(import.ExitCode == 0, import.Err);
        Assert.Contains("1 new", import.Out);
        Assert.Equal(300, UnitsLeft());

        Assert.Equal("LICENSED", Verdict("first", "h100-sa"));    // 256 of 300 units
        Assert.Equal(44, UnitsLeft());
        Assert.Equal("LICENSED", Verdict("first", "h100-sa"));    // the same batch again: already drawn, not drawn twice
        Assert.Equal(44, UnitsLeft());
        Assert.Equal("LICENSE_REQUIRED", Verdict("second", "h100-sa")); // another batch: 44 units are not enough
        Assert.Equal(44, UnitsLeft());
    }

    [Fact]
    public void AMalformedLicenceIsNamedAndLeftOutAndAFileWithNoneImportsNothing()
    {
        var file = Dir.Write("held.yaml", """
            licenses:
              - { number: L-1, holder: Example, eccns: [3A090], destinations: [SA], quantity: 10, valid_from: 2025-01-01, valid_until: 2025-12-31 }
              - { number: L-2, holder: Example, eccns: [3A090], destinations: [], valid_from: 2025-01-01, valid_until: 2025-12-31 }
            """);
        var run = CliRunner.Invoke("licenses", "import", file, "--db", Db, "--json");
        Assert.True(run.ExitCode == 0, run.Err);
        Assert.Contains("held.yaml:3: licenses[1].destinations: a licence names its destinations (licence left out)", run.Err);
        Assert.Equal(1, JsonDocument.Parse(run.Out).RootElement.GetProperty("inserted").GetInt32());

        var none = CliRunner.Invoke("licenses", "import", Dir.Write("none.yaml", "licenses: []\n"), "--db", Db);
        Assert.Equal(2, none.ExitCode);
        Assert.Contains("no licence could be read; nothing was imported", none.Err);
        Assert.Single(JsonDocument.Parse(CliRunner.Invoke("licenses", "list", "--db", Db, "--json").Out).RootElement.EnumerateArray());
    }

    [Fact]
    public void AFileAndTheStoreCannotBothBeDrawnOn()
    {
        var run = CliRunner.Invoke("check", Orders, "--store-licenses", "--licenses", Path.Combine(Root, "examples", "licenses.yaml"), "--db", Db, "--format", "jsonl");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--store-licenses: give --licenses FILE or --store-licenses, not both", run.Err);
    }
}
