using ComputeGate.Domain.Classification;
using ComputeGate.Domain.Items;

namespace ComputeGate.Domain.Tests;

/// <summary>Domain notes §5.4: the HBM and Jan 2026 boundary vectors; §1.7 for 4E091.</summary>
public class OtherBoundaryTests
{
    private static HbmStack Hbm(decimal density) => new("stack") { MemoryBandwidthGBps = density * 100m, PackageAreaMm2 = 100m };

    [Theory]
    [InlineData("2.0", null, null)]          // needs > 2
    [InlineData("2.01", "3A090.c", "met")]   // LE HBM: < 3.3
    [InlineData("3.29", "3A090.c", "met")]
    [InlineData("3.3", "3A090.c", "not met")] // LE HBM needs < 3.3
    public void HbmDensity(string density, string? eccn, string? leHbm)
    {
        var r = Bundled.Classifier.Classify(Hbm(decimal.Parse(density, System.Globalization.CultureInfo.InvariantCulture)), Bundled.After2024Dec);
        Assert.Equal(eccn, r.Eccn);
        if (leHbm is not null)
        {
            Assert.Contains(r.Notes, n => n.Contains("License Exception HBM") && n.Contains($": {leHbm} ("));
        }
    }

    private static IntegratedCircuit Chip(decimal tpp, decimal dramBandwidth) => new("chip")
    {
        Datacenter = true,
        Performance = [new PerformanceFigure(Precision.FromBits(8), tpp / 8m, false)],
        Dies = [new Die(800m, true)],
        MemoryBandwidthGBps = dramBandwidth,
    };

    [Theory]
    [InlineData("21000", "4000", false, true)]   // TPP must be < 21,000
    [InlineData("15832", "6500", true, false)]   // DRAM bandwidth must be < 6,500
    [InlineData("20999.9", "6499.9", true, true)]
    public void Review2026Parameters(string tpp, string bandwidth, bool tppMet, bool bandwidthMet)
    {
        var h = Headroom.Of(Bundled.Classifier, Chip(decimal.Parse(tpp, System.Globalization.CultureInfo.InvariantCulture), decimal.Parse(bandwidth, System.Globalization.CultureInfo.InvariantCulture)), Bundled.D("2026-02-01"));
        var rows = h.Thresholds.Where(t => t.Paragraph.StartsWith("Jan 2026", StringComparison.Ordinal)).ToList();
        Assert.Equal(tppMet, rows.Single(t => t.Fact == "TPP").Met);
        Assert.Equal(bandwidthMet, rows.Single(t => t.Fact.StartsWith("total DRAM", StringComparison.Ordinal)).Met);
        var note = Assert.Single(h.Classification.Notes, n => n.StartsWith("Jan 2026", StringComparison.Ordinal));
        Assert.Contains(tppMet && bandwidthMet ? ": met" : ": not met", note);
    }

    [Theory]
    [InlineData("1e26", false, "4E091")]
    [InlineData("9.99e25", false, null)]
    [InlineData("1e26", true, null)]
    public void WeightsThreshold(string ops, bool published, string? eccn)
    {
        var w = new ModelWeights("m") { TrainingOperations = decimal.Parse(ops, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture), Published = published, DerivedFromPublished = false };
        Assert.Equal(eccn, Bundled.Classifier.Classify(w, Bundled.Diffusion).Eccn);
    }

    [Theory]
    [InlineData("1.2e26", "3e25", null)]      // 3e25 ≤ max(2.5e25, 25% x 1.2e26 = 3e25)
    [InlineData("1.2e26", "3.1e25", "4E091")]
    [InlineData("1e26", "2.5e25", null)]      // 25% x 1e26 = 2.5e25 = the floor
    [InlineData("1e26", "2.6e25", "4E091")]
    public void DerivedFromPublishedAllowance(string ops, string additional, string? eccn)
    {
        var w = new ModelWeights("m")
        {
            TrainingOperations = decimal.Parse(ops, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture),
            Published = false,
            DerivedFromPublished = true,
            AdditionalOperations = decimal.Parse(additional, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture),
        };
        Assert.Equal(eccn, Bundled.Classifier.Classify(w, Bundled.Diffusion).Eccn);
    }
}
