namespace ComputeGate.Cli.Tests;

/// <summary>
/// Charts (<c>--chart</c>): golden files of the chart DATA (FILE.json: what a web layer would serve), not
/// of the pixels; and an SVG is written for FILE.svg.
/// </summary>
public class ChartTests
{
    private static readonly string Root = CheckCommandTests.RepoRoot();
    private static readonly string Orders = Path.Combine(Root, "examples", "orders.csv");

    private static string ChartData(string name, params string[] args)
    {
        using var dir = new TempDir();
        var file = Path.Combine(dir.Path, name);
        var run = CliRunner.Invoke([.. args, "--chart", file]);
        Assert.True(run.ExitCode == 0, run.Err);
        return File.ReadAllText(file);
    }

    [Fact]
    public void TheHeadroomChartPlacesTheCatalogOnThe3A090Regions() =>
        CliRunner.AssertGolden("chart-headroom-h20-2024-06-01.json", ChartData("h.json", "headroom", "nvidia-h20", "--date", "2024-06-01"));

    [Fact]
    public void TheHeadroomChartUnderThe2022RuleHasNoRegions()
    {
        var data = ChartData("h.json", "headroom", "nvidia-h20", "--date", "2023-06-01");
        Assert.Contains("\"regions\": []", data);
        Assert.Contains("no performance-density test", data);
    }

    [Fact]
    public void TheTimelineChartHasOneBandPerPeriod() =>
        CliRunner.AssertGolden("chart-timeline-a800.json", ChartData("t.json", "timeline", "nvidia-a800-sxm"));

    [Fact]
    public void TheExposureChartStacksValueByDestinationAndVerdict() =>
        CliRunner.AssertGolden("chart-exposure-orders.json", ChartData("e.json", "exposure", "--orders", Orders));

    [Fact]
    public void TheWhatIfChartShowsValueReleasedByDestination() =>
        CliRunner.AssertGolden("chart-whatif-h20-letter-lifted.json", ChartData("w.json", "whatif", Path.Combine(Root, "examples", "scenarios", "h20-letter-lifted.yaml"), "--orders", Orders));

    [Theory]
    [InlineData("headroom", "nvidia-h20", "--date", "2024-06-01")]
    [InlineData("timeline", "nvidia-h20")]
    [InlineData("exposure", "--orders", "ORDERS")]
    public void AnSvgFileIsWritten(params string[] args)
    {
        var svg = ChartData("c.svg", args.Select(a => a == "ORDERS" ? Orders : a).ToArray());
        Assert.StartsWith("<?xml", svg);
        Assert.Contains("<svg", svg);
    }
}
