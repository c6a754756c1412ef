using System.Text.Json;

namespace ComputeGate.Cli.Tests;

/// <summary>
/// <c>computegate diff</c>, <c>whatif</c> and <c>exposure</c> (issue "What-if and exposure"): the two diff
/// examples of the issue, each overlay kind, scenario validation errors, and the exposure arithmetic.
/// </summary>
public class WhatIfCommandTests
{
    private static readonly string Root = CheckCommandTests.RepoRoot();
    private static readonly string Orders = Path.Combine(Root, "examples", "orders.csv");

    private static string Scenario(string name) => Path.Combine(Root, "examples", "scenarios", name);

    private static JsonElement Json(CliRunner.Run run)
    {
        Assert.True(run.ExitCode == 0, run.Err);
        return JsonDocument.Parse(run.Out).RootElement;
    }

    private static Dictionary<string, JsonElement> MigratingById(JsonElement whatif) =>
        whatif.GetProperty("migratingLines").EnumerateArray().ToDictionary(l => l.GetProperty("id").GetString()!);

    private static string Header => "id,date,item,quantity,destination,end_user,end_user_country,end_user_hq,exporter,unit_value_usd\n";

    // ------------------------------------------------------------------ diff

    [Fact]
    public void DiffOfTheCatalogAcrossThe2023RuleMovesTheA800H800L40sAndRtx4090Into3A090a()
    {
        var j = Json(CliRunner.Invoke("diff", "--from", "2023-11-16", "--to", "2023-11-17", "--catalog", "--json"));
        var items = j.GetProperty("items").EnumerateArray().ToDictionary(i => i.GetProperty("item").GetString()!);
        foreach (var id in new[] { "nvidia-a800-sxm", "nvidia-h800-sxm", "nvidia-l40s", "nvidia-rtx-4090" })
        {
            Assert.Equal("not controlled", items[id].GetProperty("from").GetString());
            Assert.Equal("3A090.a.1", items[id].GetProperty("to").GetString());
            var causes = items[id].GetProperty("causes").EnumerateArray().ToList();
            Assert.All(causes, c => Assert.Equal("2023-11-17", c.GetProperty("date").GetString()));
            Assert.All(causes, c => Assert.Contains("88 FR 73458", c.GetProperty("citation").GetString()));
            Assert.Contains(causes, c => c.GetProperty("change").GetString() == "3a090.a1.tpp_min: (none) → 4800");
        }

        Assert.Equal("3A090.b.1", items["nvidia-l40"].GetProperty("to").GetString());

        // The H100 was 3A090.a.1 under both rules and the H20 outside both: they do not differ.
        Assert.False(items.ContainsKey("nvidia-h100-sxm"));
        Assert.False(items.ContainsKey("nvidia-h20"));
    }

    [Fact]
    public void DiffOfTheOrderBookAcrossTheH20LetterListsTheH20LinesToChina()
    {
        var j = Json(CliRunner.Invoke("diff", "--from", "2025-04-08", "--to", "2025-04-10", "--orders", Orders, "--json"));
        var lines = j.GetProperty("lines").EnumerateArray().ToDictionary(l => l.GetProperty("id").GetString()!);
        Assert.Equal(["h20-cn-2024", "h20-cn-2025-03", "h20-cn-2025-04", "h20-hk-2025-04", "h20-cn-no-exporter", "hgx-h20-my-cn-parent"], lines.Keys);
        Assert.Equal("LICENSE_REQUIRED", lines["h20-hk-2025-04"].GetProperty("to").GetString());
        Assert.Equal("REVIEW", lines["h20-cn-no-exporter"].GetProperty("to").GetString());
        foreach (var line in lines.Values)
        {
            Assert.Equal("NLR", line.GetProperty("from").GetString());
            var cause = Assert.Single(line.GetProperty("causes").EnumerateArray());
            Assert.Equal("2025-04-09", cause.GetProperty("date").GetString());
            Assert.Contains("NVIDIA Form 8-K filed 2025-04-15", cause.GetProperty("citation").GetString());
        }

        // The Huawei line needs a licence on both dates (Entity List): no difference.
        Assert.False(lines.ContainsKey("huawei"));
        Assert.Equal(2, j.GetProperty("unreadableLines").GetInt32());
    }

    [Fact]
    public void DiffNamesAGroupChangeByTheCountryItMoves()
    {
        using var dir = new TempDir();
        var book = dir.Write("cy.csv", Header + "h100-cy,2024-01-01,nvidia-h100-sxm,8,CY,Example Cyprus Ltd.,CY,CY,NVIDIA Corporation,27000\n");
        var j = Json(CliRunner.Invoke("diff", "--from", "2024-05-01", "--to", "2024-06-01", "--orders", book, "--json"));
        var line = Assert.Single(j.GetProperty("lines").EnumerateArray());
        Assert.Equal("LICENSE_REQUIRED (presumption of denial)", line.GetProperty("from").GetString());
        Assert.Equal("NLR", line.GetProperty("to").GetString());
        var cause = Assert.Single(line.GetProperty("causes").EnumerateArray());
        Assert.Equal("D:5: −CY", cause.GetProperty("change").GetString());
        Assert.Contains("89 FR 40369", cause.GetProperty("citation").GetString());
    }

    [Fact]
    public void DiffNeedsOneSubjectAndOrderedDates()
    {
        Assert.Equal(2, CliRunner.Invoke("diff", "--from", "2024-01-01", "--to", "2025-01-01").ExitCode);
        var run = CliRunner.Invoke("diff", "--from", "2025-01-01", "--to", "2024-01-01", "--catalog");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("must be after --from", run.Err);
    }

    // ------------------------------------------------------------------ whatif: each overlay kind

    [Fact]
    public void AThresholdChangeMovesAnItemBetweenTheLowAndHighThresholds()
    {
        using var dir = new TempDir();
        // Ascend 910: TPP 4,096, die area unknown; at 4,000 it is 3A090.a.1 whatever its area.
        var book = dir.Write("b.csv", Header
            + "asc,2024-06-01,huawei-ascend-910,10,VN,Example Vision JSC,VN,VN,Example Broker,20000\n"
            + "asc-us,2024-06-01,huawei-ascend-910,10,US,Example Labs Inc.,US,US,Example Broker,20000\n");
        var j = Json(CliRunner.Invoke("whatif", Scenario("tpp-4000.yaml"), "--orders", book, "--json"));
        // To the US the verdict stays NLR; the classification moves, so both sides name it.
        Assert.Equal("NLR [no paragraph]", MigratingById(j)["asc-us"].GetProperty("from").GetString());
        Assert.Equal("NLR [3A090.a.1]", MigratingById(j)["asc-us"].GetProperty("to").GetString());
        var line = MigratingById(j)["asc"];
        Assert.Equal("REVIEW", line.GetProperty("from").GetString());
        Assert.Equal("LICENSE_REQUIRED (presumption of approval)", line.GetProperty("to").GetString());
        Assert.Contains("scenario tpp-4000.yaml: 3A090.a.1 threshold TPP 4800 -> 4000", line.GetProperty("causes")[0].GetString());
    }

    [Fact]
    public void ADestinationMovedBetweenGroupsChangesTheLicenceRequirementFromItsDate()
    {
        using var dir = new TempDir();
        var book = dir.Write("ae.csv", Header
            + "ae-before,2025-05-01,nvidia-h100-sxm,100,AE,Example AI Abu Dhabi,AE,AE,NVIDIA Corporation,27000\n"
            + "ae-after,2025-07-01,nvidia-h100-sxm,100,AE,Example AI Abu Dhabi,AE,AE,NVIDIA Corporation,27000\n");
        var j = Json(CliRunner.Invoke("whatif", Scenario("uae-to-a5.yaml"), "--orders", book, "--json"));
        var migrating = MigratingById(j);
        Assert.Equal(["ae-after"], migrating.Keys);
        Assert.Equal("LICENSE_REQUIRED (presumption of approval)", migrating["ae-after"].GetProperty("from").GetString());
        Assert.Equal("NLR", migrating["ae-after"].GetProperty("to").GetString());
        Assert.Equal(2_700_000m, j.GetProperty("released").GetProperty("valueUsd").GetDecimal());
    }

    [Fact]
    public void AddingALetterBlocksTheLinesItReaches()
    {
        var j = Json(CliRunner.Invoke("whatif", Scenario("h20-letter-a-year-earlier.yaml"), "--orders", Orders, "--json"));
        var migrating = MigratingById(j);
        Assert.Equal(["h20-cn-2024", "h20-cn-2025-03"], migrating.Keys);
        Assert.All(migrating.Values, l => Assert.Equal("LICENSE_REQUIRED", l.GetProperty("to").GetString()));
        // 2,000 + 5,000 units at 12,000 USD.
        Assert.Equal(84_000_000m, j.GetProperty("newlyBlocked").GetProperty("valueUsd").GetDecimal());
        Assert.Equal(7_000, j.GetProperty("newlyBlocked").GetProperty("units").GetInt64());
    }

    [Fact]
    public void LiftingALetterReleasesTheLinesItBlocked()
    {
        var j = Json(CliRunner.Invoke("whatif", Scenario("h20-letter-lifted.yaml"), "--orders", Orders, "--json"));
        var migrating = MigratingById(j);
        Assert.Equal(["h20-cn-2025-04", "h20-hk-2025-04", "h20-cn-no-exporter", "hgx-h20-my-cn-parent"], migrating.Keys);
        Assert.All(migrating.Values, l => Assert.Equal("NLR", l.GetProperty("to").GetString()));
        // (5,000 + 800 + 100) × 12,000 + 10 × 110,000
        Assert.Equal(71_900_000m, j.GetProperty("released").GetProperty("valueUsd").GetDecimal());
        var byDestination = j.GetProperty("releasedBy").GetProperty("destination").EnumerateArray().ToDictionary(d => d.GetProperty("key").GetString()!, d => d.GetProperty("valueUsd").GetDecimal());
        Assert.Equal(new Dictionary<string, decimal> { ["CN"] = 61_200_000m, ["HK"] = 9_600_000m, ["MY"] = 1_100_000m }, byDestination);
    }

    [Fact]
    public void AiDiffusionAsWrittenAppliesTheLppAndTheWeightsLicence()
    {
        var j = Json(CliRunner.Invoke("whatif", Scenario("ai-diffusion-as-written.yaml"), "--orders", Orders, "--json"));
        var migrating = MigratingById(j);
        Assert.Equal("LICENSE_EXCEPTION LPP (notification)", migrating["h100-in-as-written"].GetProperty("to").GetString());
        Assert.Equal("LICENSE_REQUIRED (presumption of denial)", migrating["weights-cn"].GetProperty("to").GetString());
        Assert.Equal("as written", j.GetProperty("scenarioLaw").GetProperty("mode").GetString());
        Assert.Equal("as enforced", j.GetProperty("baseline").GetProperty("mode").GetString());
    }

    [Fact]
    public void APartyAddedToTheEntityListNeedsALicenceForAnyItem()
    {
        var j = Json(CliRunner.Invoke("whatif", Scenario("entity-list-example-cloud.yaml"), "--orders", Orders, "--json"));
        var migrating = MigratingById(j);
        Assert.Equal("NLR", migrating["h20-cn-2024"].GetProperty("from").GetString());
        Assert.Equal("LICENSE_REQUIRED (presumption of denial)", migrating["h20-cn-2024"].GetProperty("to").GetString());
        // The A800 lines of the same customer: outside 3A090 in 2023-06 but listed only from 2024-01-01.
        Assert.False(migrating.ContainsKey("a800-cn-2023-06"));
        Assert.Contains("Example Cloud (Shenzhen) Co. Ltd. added", migrating["h20-cn-2024"].GetProperty("causes")[0].GetString());
    }

    [Fact]
    public void AReviewPolicyChangeIsAMigrationButNeitherBlockedNorReleased()
    {
        var j = Json(CliRunner.Invoke("whatif", Scenario("d4-presumption-of-denial.yaml"), "--orders", Orders, "--json"));
        var line = Assert.Single(j.GetProperty("migratingLines").EnumerateArray());
        Assert.Equal("h100-sa", line.GetProperty("id").GetString());
        Assert.Equal("LICENSE_REQUIRED (presumption of approval)", line.GetProperty("from").GetString());
        Assert.Equal("LICENSE_REQUIRED (presumption of denial)", line.GetProperty("to").GetString());
        Assert.Equal(0, j.GetProperty("newlyBlocked").GetProperty("lines").GetInt64());
        Assert.Equal(0, j.GetProperty("released").GetProperty("lines").GetInt64());
    }

    [Fact]
    public void TheTableNamesTheScenariosChangeForEachMigratingLine()
    {
        var run = CliRunner.Invoke("whatif", Scenario("h20-letter-lifted.yaml"), "--orders", Orders);
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("LICENSE_REQUIRED → NLR", run.Out);
        Assert.Contains("is-informed letter of", run.Out);
    }

    // ------------------------------------------------------------------ scenario validation

    [Theory]
    [InlineData("parameter: 3a090.a1.tpp_mn\n    value: 4000", "s.yaml:4: changes[0].parameter: unknown parameter '3a090.a1.tpp_mn' (rules/parameters.yaml, rules/licensing.yaml); did you mean '3a090.a1.tpp_min'?")]
    [InlineData("parameter: 3a090.a1.tpp_min\n    value: four thousand", "changes[0].value: 'four thousand' is a word, but 3a090.a1.tpp_min is a number")]
    [InlineData("parameter: 3a090.a1.tpp_min\n    vaule: 4000", "changes[0].value: required field is missing")]
    [InlineData("parameter: 3a090.a1.tpp_min\n    value: 4000\n    form: 2024-01-01", "s.yaml:6: changes[0].form: unknown field")]
    [InlineData("parameter: ac.review.other_items\n    value: presumption-of-deniel", "'presumption-of-deniel' is not a review policy")]
    [InlineData("parameter: ac.exception.other\n    value: NACK", "'NACK' is not a value ac.exception.other has had (NAC, ACA)")]
    [InlineData("parameter: ac.geography\n    value: { groups: [D:9] }", "changes[0].value.groups[0]: unknown country group 'D:9'")]
    [InlineData("parameter: ac.geography\n    value: { countries: [QQ] }", "changes[0].value: 'QQ' is not a known ISO 3166-1 alpha-2 country code")]
    [InlineData("move: QQ\n    to_group: A:5", "changes[0].move: 'QQ' is not a known ISO 3166-1 alpha-2 country code")]
    [InlineData("move: AE\n    from_group: D:44\n    to_group: A:5", "changes[0].from_group: unknown country group 'D:44'")]
    [InlineData("move: FR\n    from_group: D:4\n    to_group: A:6", "changes[0].from_group: FR is not in D:4 on 2022-10-07: nothing to move")]
    [InlineData("lift_letter: nvidia-2025-05", "changes[0].lift_letter: unknown letter 'nvidia-2025-05'")]
    [InlineData("as_written: false", "only 'as_written: true' changes anything")]
    [InlineData("as_written: true\n    lift_letter: nvidia-2025-04", "a change has one kind; this one has lift_letter and as_written: split it")]
    [InlineData("add_party: { name: X, country: CN, listed: 2024-01-01, license_requirement: all, review_polcy: case-by-case }", "changes[0].add_party.review_polcy: unknown field")]
    public void AScenarioWithATypoIsAnErrorNamingTheFileLineAndField(string change, string expected)
    {
        using var dir = new TempDir();
        var file = dir.Write("s.yaml", $"scenario: typo\nchanges:\n  - label: the change\n    {change}\n");
        var run = CliRunner.Invoke("whatif", file, "--orders", Orders);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains(expected, run.Err);
        Assert.StartsWith($"error: {file}:", run.Err);
    }

    [Fact]
    public void AScenarioWithoutChangesIsAnError()
    {
        using var dir = new TempDir();
        var run = CliRunner.Invoke("whatif", dir.Write("s.yaml", "scenario: nothing\n"), "--orders", Orders);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("a scenario needs at least one change", run.Err);
    }

    // ------------------------------------------------------------------ exposure arithmetic

    [Fact]
    public void ExposureAddsQuantityTimesUnitValueAndCountsLinesWithoutValueApart()
    {
        using var dir = new TempDir();
        var book = dir.Write("e.csv", Header
            + "a,2024-06-01,nvidia-h100-sxm,3,SA,Example AI Company (Riyadh),SA,SA,NVIDIA Corporation,27000.10\n"
            + "b,2024-06-01,nvidia-h100-sxm,2,SA,Example AI Company (Riyadh),SA,SA,NVIDIA Corporation,\n"
            + "c,2024-06-01,nvidia-h20,7,DE,Example GmbH,DE,DE,NVIDIA Corporation,0.05\n"
            + "d,2024-06-01,nvidia-h20,-1,DE,Example GmbH,DE,DE,NVIDIA Corporation,10\n");
        var j = Json(CliRunner.Invoke("exposure", "--orders", book, "--json"));
        var verdicts = j.GetProperty("byVerdict").EnumerateArray().ToDictionary(v => v.GetProperty("verdict").GetString()!);
        var required = verdicts["LICENSE_REQUIRED"];
        Assert.Equal(2, required.GetProperty("lines").GetInt64());
        Assert.Equal(5, required.GetProperty("units").GetInt64());
        Assert.Equal(81_000.30m, required.GetProperty("valueUsd").GetDecimal());
        Assert.Equal(1, required.GetProperty("linesWithoutValue").GetInt64());
        Assert.Equal(2, required.GetProperty("unitsWithoutValue").GetInt64());
        Assert.Equal(0.35m, verdicts["NLR"].GetProperty("valueUsd").GetDecimal());
        Assert.Equal(1, verdicts["ERROR"].GetProperty("lines").GetInt64());

        var total = j.GetProperty("total");
        Assert.Equal(4, total.GetProperty("lines").GetInt64());
        Assert.Equal(81_000.65m, total.GetProperty("valueUsd").GetDecimal());
        var sa = j.GetProperty("byDestination").EnumerateArray().First();
        Assert.Equal("SA", sa.GetProperty("destination").GetString());
        Assert.Equal(81_000.30m, sa.GetProperty("valueUsd").GetDecimal());
    }

    // ------------------------------------------------------------------ the example pipeline (README)

    [Fact]
    public void TheH20PipelineReproducesThePublicFiguresOfTheQuarter()
    {
        var pipeline = Path.Combine(Root, "examples", "h20-pipeline.csv");
        var exposure = Json(CliRunner.Invoke("exposure", "--orders", pipeline, "--json"));
        var verdicts = exposure.GetProperty("byVerdict").EnumerateArray().ToDictionary(v => v.GetProperty("verdict").GetString()!, v => v.GetProperty("valueUsd").GetDecimal());
        Assert.Equal(new Dictionary<string, decimal> { ["NLR"] = 4_600_000_000m, ["LICENSE_REQUIRED"] = 2_500_000_000m }, verdicts);

        var whatif = Json(CliRunner.Invoke("whatif", Scenario("h20-letter-lifted.yaml"), "--orders", pipeline, "--json"));
        Assert.Equal(2_500_000_000m, whatif.GetProperty("released").GetProperty("valueUsd").GetDecimal());
        Assert.Equal(25, whatif.GetProperty("released").GetProperty("lines").GetInt64());
    }
}
