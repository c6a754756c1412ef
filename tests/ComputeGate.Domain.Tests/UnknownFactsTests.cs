using ComputeGate.Domain.Classification;
using ComputeGate.Domain.Items;

namespace ComputeGate.Domain.Tests;

/// <summary>Unknown inputs: the result says what is undetermined and which fact would decide it.</summary>
public class UnknownFactsTests
{
    private static IntegratedCircuit Ic(decimal fp8Tops, decimal? area, bool? datacenter = true) => new("test chip")
    {
        Datacenter = datacenter,
        Performance = [new PerformanceFigure(Precision.FromBits(8), fp8Tops, false)],
        Dies = area is null ? [new Die(null, true)] : [new Die(area, true)],
    };

    [Fact]
    public void UnknownAreaIsDecisiveForAnH20LikeChipAndTheAnswerSaysWhere()
    {
        var r = Bundled.Classifier.Classify(Ic(296m, null), Bundled.After2023);
        Assert.Equal(ClassificationStatus.Undetermined, r.Status);
        Assert.Null(r.Eccn);
        Assert.Contains("3A090.b.2", r.PossibleParagraphs);
        Assert.Contains(null, r.PossibleParagraphs);
        Assert.Contains(r.Undetermined, u => u.Contains("740 mm²") && u.Contains("3A090.b.2"));
        Assert.Contains(r.Undetermined, u => u.Contains("400 mm²") && u.Contains("3A090.a.2"));
    }

    [Fact]
    public void UnknownAreaIsNotDecisiveAboveTheA1Floor()
    {
        var r = Bundled.Classifier.Classify(Ic(700m, null), Bundled.After2023);
        Assert.Equal(ClassificationStatus.Controlled, r.Status);
        Assert.Equal("3A090.a.1", r.Paragraph);
        Assert.Contains(r.Reasons, s => s.Contains("Every possible value gives the same result"));
    }

    [Fact]
    public void UnknownDatacenterDesignationDecidesBelow4800()
    {
        var r = Bundled.Classifier.Classify(Ic(375m, 500m, datacenter: null), Bundled.After2023);
        Assert.Equal(ClassificationStatus.Undetermined, r.Status);
        Assert.Contains(r.Undetermined, u => u.Contains("not designed or marketed for datacenters: not controlled"));
    }

    [Fact]
    public void NoPerformanceFigureMeansUndetermined()
    {
        var r = Bundled.Classifier.Classify(new IntegratedCircuit("blank") { Datacenter = true, Dies = [new Die(800m, true)] }, Bundled.After2023);
        Assert.Equal(ClassificationStatus.Undetermined, r.Status);
        Assert.Null(r.Tpp);
    }

    [Fact]
    public void PlanarOnlyDiesHaveNoDensity()
    {
        var ic = Ic(296m, 100m) with { Dies = [new Die(100m, false)] };
        var r = Bundled.Classifier.Classify(ic, Bundled.After2023);
        Assert.Equal(ClassificationStatus.NotControlled, r.Status);
        Assert.Null(r.PerformanceDensity);
    }

    [Fact]
    public void WeightsWithUnknownPublicationAreUndetermined()
    {
        var r = Bundled.Classifier.Classify(new ModelWeights("w") { TrainingOperations = 2e26m }, Bundled.Diffusion);
        Assert.Equal(ClassificationStatus.Undetermined, r.Status);
        Assert.Contains("4E091", r.PossibleParagraphs);
    }
}
