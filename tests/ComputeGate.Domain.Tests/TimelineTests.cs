using ComputeGate.Domain.Classification;

namespace ComputeGate.Domain.Tests;

public class TimelineTests
{
    [Fact]
    public void A800IsOutsideUnder2022RuleAnd3A090AFrom20231117()
    {
        var periods = Timeline.Of(Bundled.Classifier, Bundled.Catalog.Get("nvidia-a800-sxm"));
        var controlled = Assert.Single(periods, p => p.Classification.Eccn == "3A090.a");
        Assert.Equal(Bundled.D("2023-11-17"), controlled.From);
        Assert.Null(controlled.Until);
        Assert.Contains(controlled.Causes, c => c.Contains("88 FR 73458"));
        Assert.All(periods.Where(p => p.From is null || p.From < Bundled.D("2023-11-17")), p => Assert.Null(p.Classification.Eccn));
        var rule2022 = Assert.Single(periods, p => p.From == Bundled.D("2022-10-07"));
        Assert.Null(rule2022.Classification.Eccn);
        Assert.Contains(rule2022.Classification.Reasons, r => r.Contains("I/O 400 < 600"));
    }

    [Fact]
    public void H100EntersOn20221007AndIsRebasedOn20231117()
    {
        // The 2023 rule re-based 3A090 (new test, new citations) without changing the H100's paragraph.
        var periods = Timeline.Of(Bundled.Classifier, Bundled.Catalog.Get("nvidia-h100-sxm"));
        Assert.Equal([null, Bundled.D("2022-10-07"), Bundled.D("2023-11-17")], periods.Select(p => p.From).ToList());
        Assert.Equal([null, "3A090.a.1", "3A090.a.1"], periods.Select(p => p.Classification.Paragraph).ToList());
        Assert.Contains(periods[1].Classification.Citations, c => c.Contains("87 FR 62186"));
        Assert.Contains(periods[2].Classification.Citations, c => c.Contains("88 FR 73458"));
    }

    [Fact]
    public void ClosedWeightsShowTheEnforcementChange()
    {
        var periods = Timeline.Of(Bundled.Classifier, Bundled.Catalog.Get("example-closed-model-3e26"));
        Assert.Equal([null, Bundled.D("2025-01-13"), Bundled.D("2025-05-13")], periods.Select(p => p.From).ToList());
        Assert.Contains(periods[2].Causes, c => c.Contains("enforcement"));
    }
}
