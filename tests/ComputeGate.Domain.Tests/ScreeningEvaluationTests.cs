using ComputeGate.Domain.Screening;

namespace ComputeGate.Domain.Tests;

/// <summary>
/// Runs the labelled evaluation (<see cref="ScreeningEvaluation"/>) over every list in ../shared/data and
/// prints recall and false-positive rates per variant kind at several thresholds. Rerun with
/// <c>dotnet run --project tests/ComputeGate.Domain.Tests -- -method "*ScreeningEvaluationTests*" -showliveoutput on</c>.
/// The floors asserted are below what the evaluation reaches, so that a regression fails.
/// </summary>
public sealed class ScreeningEvaluationTests
{
    [Fact]
    public void RecallPerVariantAndFalsePositiveRateAtTheDefaultThreshold()
    {
        var index = ScreeningData.LargeIndex;
        if (index is null)
        {
            Assert.Skip("../shared/data is not present");
        }

        var results = ScreeningEvaluation.Run(index, ScreeningEvaluation.Cases(index));
        var report = ScreeningEvaluation.Report(results, [0.75, 0.80, 0.85, 0.90, 0.95]);
        TestContext.Current.TestOutputHelper?.WriteLine($"index: {index.EntryCount} entries, {index.NameCount} names, {index.TokenCount} tokens");
        TestContext.Current.TestOutputHelper?.WriteLine(report);
        foreach (var r in results.Where(r => r.Case.Positive != ScreeningEvaluation.Hit(r, ScreeningIndex.DefaultThreshold)))
        {
            TestContext.Current.TestOutputHelper?.WriteLine($"{(r.Case.Positive ? "MISS" : "FP  ")} {r.Case.Kind,-16} {r.Case.Query} | {r.Case.Source} | expected {r.ExpectedScore:0.000} rank {r.ExpectedRank} | top {r.TopScore:0.000} {r.TopName}");
        }

        // Floors a little under what the evaluation reaches at the default threshold (see the report).
        double Rate(string kind) => (double)results.Count(r => r.Case.Kind == kind && ScreeningEvaluation.Hit(r, ScreeningIndex.DefaultThreshold)) / results.Count(r => r.Case.Kind == kind);
        foreach (var kind in ScreeningEvaluation.PositiveKinds)
        {
            Assert.True(Rate(kind) >= 0.97, $"{kind}: recall {Rate(kind):P1}");
            Assert.True(results.Where(r => r.Case.Kind == kind).All(r => r.InCandidates), $"{kind}: an expected entry was not a candidate");
        }

        Assert.True(Rate("near miss") <= 0.02, $"near miss: false-positive rate {Rate("near miss"):P1}");
        Assert.True(Rate("ordinary company") <= 0.03, $"ordinary company: false-positive rate {Rate("ordinary company"):P1}");
    }
}
