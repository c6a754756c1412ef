using ComputeGate.Domain.Classification;

namespace ComputeGate.Domain.Tests;

public class HeadroomTests
{
    [Fact]
    public void H20Is32TppUnderThe3A090BFloor()
    {
        var h = Headroom.Of(Bundled.Classifier, Bundled.Catalog.Get("nvidia-h20"), Bundled.D("2024-06-01"));
        var floor = Assert.Single(h.Thresholds, t => t.Paragraph == "3A090.b.1" && t.Fact == "TPP" && t.Comparison == "≥");
        Assert.Equal(2400m, floor.Threshold);
        Assert.Equal(32m, floor.Margin);
        Assert.False(floor.Met);

        var any = Assert.Single(h.Limits, l => l.Outside == "3A090 (.a and .b)");
        Assert.True(any.CurrentlyOutside);
        Assert.Equal(2400m, any.MaxTppExclusive);
        Assert.Equal(150m, any.MaxDenseTopsExclusive["fp16"]);
        Assert.Equal(300m, any.MaxDenseTopsExclusive["fp8"]);
        Assert.Equal(740m, any.MinDieAreaExclusive);

        var a = Assert.Single(h.Limits, l => l.Outside == "3A090.a");
        Assert.Equal(4800m, a.MaxTppExclusive); // 5.92 x 814 = 4,818.88 > 4,800: a.1 binds first
        Assert.Equal(400m, a.MinDieAreaExclusive); // 2,368 / 5.92
    }

    [Fact]
    public void Under2022RuleTheIoTestBinds()
    {
        var h = Headroom.Of(Bundled.Classifier, Bundled.Catalog.Get("nvidia-a800-sxm"), Bundled.Window2022);
        var io = Assert.Single(h.Thresholds, t => t.Fact.StartsWith("I/O", StringComparison.Ordinal));
        Assert.Equal(200m, io.Margin);
        var limit = Assert.Single(h.Limits);
        Assert.Null(limit.MaxTppExclusive); // with I/O 400 GB/s no TPP brings it in
    }

    [Fact]
    public void Review2026ThresholdsAppearFromTheirDate()
    {
        var before = Headroom.Of(Bundled.Classifier, Bundled.Catalog.Get("nvidia-h200"), Bundled.D("2026-01-14"));
        Assert.DoesNotContain(before.Thresholds, t => t.Paragraph.StartsWith("Jan 2026", StringComparison.Ordinal));
        var after = Headroom.Of(Bundled.Classifier, Bundled.Catalog.Get("nvidia-h200"), Bundled.D("2026-01-15"));
        var tpp = Assert.Single(after.Thresholds, t => t.Paragraph.StartsWith("Jan 2026", StringComparison.Ordinal) && t.Fact == "TPP");
        Assert.True(tpp.Met); // 15,832 < 21,000
        var b200 = Headroom.Of(Bundled.Classifier, Bundled.Catalog.Get("nvidia-b200"), Bundled.D("2026-06-01"));
        Assert.Contains(b200.Thresholds, t => t.Paragraph.StartsWith("Jan 2026", StringComparison.Ordinal) && t.Fact == "TPP" && t.Met == false);
    }

    [Fact]
    public void HbmHeadroomAgainstBothDensityThresholds()
    {
        var h = Headroom.Of(Bundled.Classifier, Bundled.Catalog.Get("hbm3-stack"), Bundled.After2024Dec);
        Assert.Contains(h.Thresholds, t => t.Paragraph == "3A090.c" && t.Met == true);
        Assert.Contains(h.Thresholds, t => t.Paragraph == "License Exception HBM" && t.Met == false);
    }
}
