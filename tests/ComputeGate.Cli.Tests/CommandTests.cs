using System.Text.Json;

namespace ComputeGate.Cli.Tests;

public class CommandTests
{
    private static JsonElement Json(CliRunner.Run run)
    {
        Assert.Equal(0, run.ExitCode);
        return JsonDocument.Parse(run.Out).RootElement;
    }

    [Fact]
    public void ClassifyJsonHasTheContractFields()
    {
        var j = Json(CliRunner.Invoke("classify", "nvidia-a800-sxm", "--date", "2024-01-15", "--json"));
        Assert.Equal("nvidia-a800-sxm", j.GetProperty("item").GetString());
        Assert.Equal("2024-01-15", j.GetProperty("date").GetString());
        Assert.Equal(4992m, j.GetProperty("tpp").GetDecimal());
        Assert.Contains(j.GetProperty("tppPrecision").GetString(), new[] { "fp16", "int8" }); // 312 x 16 = 624 x 8
        Assert.Equal(4992m / 826m, j.GetProperty("performanceDensity").GetDecimal());
        Assert.Equal("3A090.a", j.GetProperty("eccn").GetString());
        Assert.Equal("3A090.a.1", j.GetProperty("paragraph").GetString());
        Assert.StartsWith("computegate-rules-", j.GetProperty("ruleSet").GetString());
        Assert.NotEmpty(j.GetProperty("reasons").EnumerateArray());
        Assert.Contains(j.GetProperty("citations").EnumerateArray(), c => c.GetString()!.Contains("88 FR 73458"));
        Assert.Equal(JsonValueKind.Array, j.GetProperty("unverified").ValueKind);
    }

    [Fact]
    public void OutsideEveryParagraphGivesNullEccn()
    {
        var j = Json(CliRunner.Invoke("classify", "nvidia-h20", "--date", "2024-06-01", "--json"));
        Assert.Equal(JsonValueKind.Null, j.GetProperty("eccn").ValueKind);
        Assert.Equal(JsonValueKind.Null, j.GetProperty("paragraph").ValueKind);
        Assert.Equal("not-controlled", j.GetProperty("status").GetString());
    }

    [Fact]
    public void DateDefaultsToTodayFromTheInjectedClock()
    {
        var j = Json(CliRunner.Invoke("classify", "nvidia-h20", "--json"));
        Assert.Equal("2026-11-23", j.GetProperty("date").GetString());
    }

    [Fact]
    public void HeadroomShowsH20ThirtyTwoUnderTheBFloor()
    {
        var j = Json(CliRunner.Invoke("headroom", "nvidia-h20", "--date", "2024-06-01", "--json"));
        var floor = j.GetProperty("thresholds").EnumerateArray()
            .Single(t => t.GetProperty("paragraph").GetString() == "3A090.b.1" && t.GetProperty("fact").GetString() == "TPP" && t.GetProperty("comparison").GetString() == "≥");
        Assert.Equal(2400m, floor.GetProperty("threshold").GetDecimal());
        Assert.Equal(32m, floor.GetProperty("margin").GetDecimal());
        var text = CliRunner.Invoke("headroom", "nvidia-h20", "--date", "2024-06-01");
        Assert.Contains("32 under", text.Out);
        Assert.Contains("TPP must stay below 2,400: now 2,368 (32 of headroom)", text.Out);
    }

    [Fact]
    public void TimelineOfA800()
    {
        var j = Json(CliRunner.Invoke("timeline", "nvidia-a800-sxm", "--json"));
        var periods = j.GetProperty("periods").EnumerateArray().ToList();
        var p2022 = periods.Single(p => p.GetProperty("from").GetString() == "2022-10-07");
        Assert.Equal(JsonValueKind.Null, p2022.GetProperty("eccn").ValueKind);
        var p2023 = periods.Single(p => p.GetProperty("from").GetString() == "2023-11-17");
        Assert.Equal("3A090.a", p2023.GetProperty("eccn").GetString());
    }

    [Fact]
    public void CatalogListsEveryItem()
    {
        var j = Json(CliRunner.Invoke("catalog", "--json"));
        Assert.True(j.GetArrayLength() >= 30);
    }

    [Fact]
    public void ItemFileIsClassified()
    {
        var file = Path.Combine(Path.GetTempPath(), $"cg-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(file, "name: My chip\ntype: integrated-circuit\ndatacenter: true\nperformance: [{precision: fp8, tops: 300}]\ndies: [{area_mm2: 700, non_planar: true}]\n");
        try
        {
            var j = Json(CliRunner.Invoke("classify", file, "--date", "2024-06-01", "--json"));
            Assert.Equal("3A090.b.1", j.GetProperty("paragraph").GetString()); // TPP 2400, PD 3.43
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory]
    [InlineData("performance: [{precision: fp8, tops: -300}]", "performance[0].tops")]
    [InlineData("performance: [{precision: fp7, tops: 300}]", "performance[0].precision")]
    [InlineData("performance: [{precision: fp8, tops: 300}]\nperformence: 1", "performence: unknown field")]
    [InlineData("performance: [{precision: fp8, tops: 300}", "YAML syntax error")]
    public void BadItemFileExitsTwoNamingFileAndField(string body, string expected)
    {
        var file = Path.Combine(Path.GetTempPath(), $"cg-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(file, $"name: Bad\ntype: integrated-circuit\n{body}\n");
        try
        {
            var run = CliRunner.Invoke("classify", file, "--json");
            Assert.Equal(2, run.ExitCode);
            Assert.Contains(file, run.Err);
            Assert.Contains(expected, run.Err);
            Assert.DoesNotContain("   at ", run.Err); // no stack trace
            Assert.Equal("", run.Out);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory]
    [InlineData("classify", "nvidia-h2000", "unknown catalog id")]
    [InlineData("classify", "missing/chip.yaml", "no such file")]
    public void UnknownItemExitsTwo(string command, string item, string expected)
    {
        var run = CliRunner.Invoke(command, item);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains(expected, run.Err);
    }

    [Fact]
    public void BadDateExitsTwo()
    {
        var run = CliRunner.Invoke("classify", "nvidia-h20", "--date", "2024-02-30");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--date", run.Err);
    }

    [Theory]
    [InlineData("classify-h20-2024-06-01.txt", "classify", "nvidia-h20", "--date", "2024-06-01")]
    [InlineData("classify-ascend-910-2024-06-01.txt", "classify", "huawei-ascend-910", "--date", "2024-06-01")]
    [InlineData("headroom-h20-2024-06-01.txt", "headroom", "nvidia-h20", "--date", "2024-06-01")]
    [InlineData("timeline-a800.txt", "timeline", "nvidia-a800-sxm")]
    public void WhatAPersonSees(string golden, params string[] args)
    {
        var run = CliRunner.Invoke(args);
        Assert.Equal(0, run.ExitCode);
        CliRunner.AssertGolden(golden, run.Out);
    }
}

public class ExampleItemFileTests
{
    private static string Example(string name, [System.Runtime.CompilerServices.CallerFilePath] string here = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "../../examples/items", name));

    [Theory]
    [InlineData("my-accelerator.yaml", "2024-06-01", "not-controlled", null)]
    [InlineData("die-area-unknown.yaml", "2024-06-01", "undetermined", null)]
    [InlineData("server.json", "2024-06-01", "not-controlled", null)]
    [InlineData("hbm3e-stack.yaml", "2025-01-05", "controlled", "3A090.c")]
    [InlineData("frontier-weights.yaml", "2025-03-01", "controlled", "4E091")]
    public void ReadmeExamplesClassify(string file, string date, string status, string? eccn)
    {
        var run = CliRunner.Invoke("classify", Example(file), "--date", date, "--json");
        Assert.Equal(0, run.ExitCode);
        var j = System.Text.Json.JsonDocument.Parse(run.Out).RootElement;
        Assert.Equal(status, j.GetProperty("status").GetString());
        Assert.Equal(eccn, j.GetProperty("eccn").GetString());
    }

    [Fact]
    public void UnknownDieAreaSaysWhichAreaDecides()
    {
        var j = System.Text.Json.JsonDocument.Parse(CliRunner.Invoke("classify", Example("die-area-unknown.yaml"), "--date", "2024-06-01", "--json").Out).RootElement;
        Assert.Contains(j.GetProperty("undetermined").EnumerateArray(), u => u.GetString()!.Contains("applicable die area ≤ 740 mm²: 3A090.b.2"));
    }
}
