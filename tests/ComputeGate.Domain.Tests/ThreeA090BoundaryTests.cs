using ComputeGate.Domain.Classification;

namespace ComputeGate.Domain.Tests;

/// <summary>Domain notes §5.4: the synthetic boundary vectors of the 2023 rule, and the 2022 ones.</summary>
public class ThreeA090BoundaryTests
{
    [Theory]
    [InlineData("4800", "100", true, "3A090.a.1")]
    [InlineData("4800", "0.5", true, "3A090.a.1")]
    [InlineData("4799.9", "5.92", true, "3A090.a.2")]
    [InlineData("4799.9", "5.91", true, "3A090.b.1")]
    [InlineData("2400", "1.6", true, "3A090.b.1")]
    [InlineData("2399.9", "3.19", true, null)]
    [InlineData("2368", "2.909", true, null)]
    [InlineData("2368", "3.2", true, "3A090.b.2")]
    [InlineData("1600", "3.2", true, "3A090.b.2")]
    [InlineData("1599.9", "10", true, null)]
    [InlineData("1600", "5.92", true, "3A090.a.2")]
    [InlineData("4799.9", "9.0", false, null)]
    [InlineData("4800", "9.0", false, "3A090.a.1")]
    [InlineData("3000", "4.0", false, null)]
    [InlineData("3000", "4.0", true, "3A090.b.1")]
    [InlineData("2400", "1.59", true, null)]
    [InlineData("1600", "3.19", true, null)]
    public void Rule2023(string tpp, string pd, bool datacenter, string? expected)
    {
        foreach (var date in new[] { Bundled.After2023, Bundled.After2024Dec, Bundled.Diffusion, Bundled.D("2026-06-01") })
        {
            var outcome = ThreeA090.Evaluate(new IcFacts(decimal.Parse(tpp, System.Globalization.CultureInfo.InvariantCulture), decimal.Parse(pd, System.Globalization.CultureInfo.InvariantCulture), datacenter, 0m), Bundled.Book.On(date));
            Assert.Equal(expected, outcome.Paragraph);
        }
    }

    [Theory]
    [InlineData("4992", "600", "3A090.a.1")]
    [InlineData("4992", "599.9", null)]
    [InlineData("4800", "600", "3A090.a.1")]
    [InlineData("4799.9", "900", null)]
    public void Rule2022(string tpp, string io, string? expected)
    {
        var outcome = ThreeA090.Evaluate(new IcFacts(decimal.Parse(tpp, System.Globalization.CultureInfo.InvariantCulture), 0m, true, decimal.Parse(io, System.Globalization.CultureInfo.InvariantCulture)), Bundled.Book.On(Bundled.Window2022));
        Assert.Equal(expected, outcome.Paragraph);
    }

    [Fact]
    public void Rule2022AppliesFromItsEffectiveDateAndNotTheDayBefore()
    {
        var facts = new IcFacts(15831.2m, 0m, true, 900m);
        Assert.Null(ThreeA090.Evaluate(facts, Bundled.Book.On(Bundled.D("2022-10-06"))).Paragraph);
        Assert.Equal("3A090.a.1", ThreeA090.Evaluate(facts, Bundled.Book.On(Bundled.D("2022-10-07"))).Paragraph);
    }

    [Fact]
    public void Rule2023ReplacesThe2022TestOn20231117()
    {
        // A800-like: TPP 4992, I/O 400: outside in 2022, 3A090.a.1 from 2023-11-17.
        var facts = new IcFacts(4992m, 4992m / 826m, true, 400m);
        Assert.Null(ThreeA090.Evaluate(facts, Bundled.Book.On(Bundled.D("2023-11-16"))).Paragraph);
        Assert.Equal("3A090.a.1", ThreeA090.Evaluate(facts, Bundled.Book.On(Bundled.D("2023-11-17"))).Paragraph);
    }

    [Fact]
    public void EveryStepCitesTheRule()
    {
        var outcome = ThreeA090.Evaluate(new IcFacts(2368m, 2.909m, true, 900m), Bundled.Book.On(Bundled.After2023));
        Assert.All(outcome.Steps, s => Assert.Contains("88 FR 73458", s.Citation));
    }
}
