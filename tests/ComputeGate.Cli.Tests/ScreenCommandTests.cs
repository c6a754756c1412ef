using System.Text.Json;

namespace ComputeGate.Cli.Tests;

/// <summary>`screen` against the real 2026 Entity List imported into a temp store.</summary>
public sealed class ScreenCommandTests : StoreCommandTest
{
    private void ImportEntityList() =>
        Assert.Equal(0, CliRunner.Invoke("lists", "import", Shared("bis_2026/bis_entity_list.json"), "--db", Db).ExitCode);

    private JsonElement One(string name, params string[] more)
    {
        var run = CliRunner.Invoke(["screen", "--name", name, "--db", Db, "--json", "--org-types", Shared("name_matching/org_types.yml"), .. more]);
        Assert.True(run.ExitCode == 0, run.Err);
        return JsonDocument.Parse(run.Out).RootElement;
    }

    [Theory]
    [InlineData("HUAWEI TECHNOLOGIES CO LTD")]
    [InlineData("华为技术有限公司")]
    public void VariantsOfAListedNameAreHitsWithAnExplanation(string name)
    {
        ImportEntityList();
        var r = One(name);
        Assert.Equal("HIT", r.GetProperty("decision").GetString());
        var best = r.GetProperty("matches")[0];
        Assert.Equal("bis-entity-list", best.GetProperty("list").GetString());
        Assert.StartsWith("Huawei Technolog", best.GetProperty("listedName").GetString());
        Assert.True(best.GetProperty("explanation").GetArrayLength() > 0);
    }

    [Fact]
    public void ANearMissIsClear()
    {
        ImportEntityList();
        Assert.Equal("CLEAR", One("Huawei Tech Partners Inc").GetProperty("decision").GetString());
        Assert.Equal("CLEAR", One("Example Compute Malaysia Sdn. Bhd.").GetProperty("decision").GetString());
    }

    [Fact]
    public void ACsvOfNamesGivesOneDecisionPerName()
    {
        ImportEntityList();
        var names = Dir.Write("names.csv", "id,name,country\n1,HUAWEI TECHNOLOGIES CO LTD,CN\n2,Example Compute Ltd.,MY\n");
        var run = CliRunner.Invoke("screen", names, "--db", Db, "--format", "jsonl", "--org-types", Shared("name_matching/org_types.yml"));
        Assert.Equal(0, run.ExitCode);
        var lines = run.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(["HIT", "CLEAR"], lines.Select(l => l.GetProperty("decision").GetString()));
        Assert.Contains("2 names screened: 1 HIT, 1 CLEAR", run.Err);
    }

    private JsonElement CheckLine(string endUser, bool lists)
    {
        string[] args = ["check", "--item", "nvidia-h20", "--to", "CN", "--end-user", endUser, "--end-user-hq", "CN", "--exporter", "Example Distribution Ltd.",
            "--date", "2024-06-01", "--json", "--db", Db, "--org-types", Shared("name_matching/org_types.yml")];
        var run = CliRunner.Invoke(lists ? [.. args, "--lists"] : args);
        Assert.True(run.ExitCode == 0, run.Err);
        return JsonDocument.Parse(run.Out).RootElement;
    }

    [Fact]
    public void CheckWithListsAppliesAnExactEntityListHitAndSendsAPossibleHitToReview()
    {
        ImportEntityList();

        // 4Paradigm is on the 2026 Entity List (88 FR 13675) but not in the bundled sample.
        var exact = CheckLine("4PARADIGM TECHNOLOGY CO LTD", lists: true);
        Assert.Equal("LICENSE_REQUIRED", exact.GetProperty("verdict").GetString());
        Assert.Contains(exact.GetProperty("citations").EnumerateArray(), c => c.GetString()!.Contains("88 FR 13675", StringComparison.Ordinal));
        Assert.Contains("loaded lists: bis-entity-list", exact.GetProperty("provenance").GetProperty("listSnapshot").GetString());

        var typo = CheckLine("4Paradigm Technolgy Co., Ltd.", lists: true);
        Assert.Equal("REVIEW", typo.GetProperty("verdict").GetString());
        Assert.Contains(typo.GetProperty("reasons").EnumerateArray(), r => r.GetString()!.Contains("resembles '4Paradigm Technology Co., Ltd.'", StringComparison.Ordinal));

        Assert.Equal("NLR", CheckLine("Example Cloud (Shenzhen) Co. Ltd.", lists: true).GetProperty("verdict").GetString());

        // Without --lists only the bundled sample is screened (exactly): the same party is not found.
        Assert.Equal("NLR", CheckLine("4PARADIGM TECHNOLOGY CO LTD", lists: false).GetProperty("verdict").GetString());
    }

    [Fact]
    public void WithNoListLoadedScreeningIsRefused()
    {
        var run = CliRunner.Invoke("screen", "--name", "Huawei", "--db", Db);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("no lists loaded", run.Err);
    }
}
