using System.Text.Json;

namespace ComputeGate.Cli.Tests;

/// <summary>`lists import` and `lists status` on the real list files, against a SQLite store in a temp directory.</summary>
public sealed class ListsCommandTests : StoreCommandTest
{
    private static JsonElement Json(CliRunner.Run run)
    {
        Assert.True(run.ExitCode == 0, run.Err);
        return JsonDocument.Parse(run.Out).RootElement;
    }

    [Fact]
    public void TheFullCslImportsAsOneSnapshotPerSourceListAndASecondImportChangesNothing()
    {
        var csl = Shared("csl/consolidated_2022-05.csv.gz");
        var first = Json(CliRunner.Invoke("lists", "import", csl, "--db", Db, "--json"));
        Assert.Equal("csl", first.GetProperty("format").GetString());
        var el = first.GetProperty("lists").EnumerateArray().Single(l => l.GetProperty("list").GetString() == "csl:EL");
        Assert.Equal(2001, el.GetProperty("inserted").GetInt32());
        Assert.Equal(1, first.GetProperty("rejected").GetArrayLength()); // the repeated CAP _id

        var again = Json(CliRunner.Invoke("lists", "import", csl, "--db", Db, "--json"));
        Assert.All(again.GetProperty("lists").EnumerateArray(), l =>
        {
            Assert.Equal(0, l.GetProperty("inserted").GetInt32() + l.GetProperty("updated").GetInt32() + l.GetProperty("removed").GetInt32());
            Assert.Equal(l.GetProperty("entries").GetInt32(), l.GetProperty("unchanged").GetInt32());
        });

        var status = Json(CliRunner.Invoke("lists", "status", "--db", Db, "--json"));
        var elStatus = status.EnumerateArray().Single(s => s.GetProperty("list").GetString() == "csl:EL");
        Assert.Equal(2001, elStatus.GetProperty("activeEntries").GetInt32());
    }

    [Fact]
    public void ATruncatedFileIsRefusedAndTheLoadedSnapshotStays()
    {
        var csl = Shared("csl/consolidated_2022-05.csv.gz");
        Json(CliRunner.Invoke("lists", "import", csl, "--db", Db, "--json"));

        var bytes = File.ReadAllBytes(csl);
        var cut = Dir.WriteBytes("consolidated-cut.csv.gz", bytes[..(bytes.Length / 2)]);
        var run = CliRunner.Invoke("lists", "import", cut, "--db", Db);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("consolidated-cut.csv.gz", run.Err);

        var status = Json(CliRunner.Invoke("lists", "status", "--db", Db, "--json"));
        Assert.Equal(2001, status.EnumerateArray().Single(s => s.GetProperty("list").GetString() == "csl:EL").GetProperty("activeEntries").GetInt32());
        Assert.All(status.EnumerateArray(), s => Assert.EndsWith("consolidated_2022-05.csv.gz", s.GetProperty("sourceFile").GetString()));
    }

    [Fact]
    public void TheSdnTrioImportsWithAliasesAndAddressesAndReportsRowsForUnknownEntries()
    {
        var run = Json(CliRunner.Invoke("lists", "import", Shared("ofac/sdn_2024-07-02.csv"), "--aliases", Shared("ofac/alt_2026-06.csv"),
            "--addresses", Shared("ofac/add_2026-06.csv"), "--db", Db, "--json"));
        var sdn = Assert.Single(run.GetProperty("lists").EnumerateArray());
        Assert.Equal(("sdn", 15443), (sdn.GetProperty("list").GetString(), sdn.GetProperty("inserted").GetInt32()));
        Assert.True(run.GetProperty("rejected").GetArrayLength() > 1000); // alias/address rows of 2026 designations absent from the 2024 file
    }

    [Fact]
    public void AnEmptyListFileIsRefusedAndNamesTheFile()
    {
        var empty = Dir.Write("empty.json", """{"list_id":"internal","source_file":"x","extracted":"2026-11-01","count":0,"entities":[]}""");
        var run = CliRunner.Invoke("lists", "import", empty, "--db", Db);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("empty.json", run.Err);
        Assert.Empty(Json(CliRunner.Invoke("lists", "status", "--db", Db, "--json")).EnumerateArray());
    }
}
