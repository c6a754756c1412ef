using System.Globalization;
using ComputeGate.Domain.Screening;
using CsCheck;

namespace ComputeGate.Domain.Tests;

/// <summary>
/// The screening index skips names whose score bound is below the threshold, and query tokens whose names
/// cannot reach it; both must be invisible in the result. And the edit distance written for speed must be
/// the reference library's.
/// </summary>
public sealed class ScreeningPruningTests
{
    [Fact]
    public void TheOptimalStringAlignmentDistanceIsTheReferenceLibrarys()
    {
        var reference = new F23.StringSimilarity.OptimalStringAlignment();
        var text = Gen.String[Gen.Char["abcde"], 0, 14];
        Gen.Select(text, text).Sample((a, b) => EditDistance.Osa(a, b) == (int)reference.Distance(a, b), iter: 20_000);
    }

    [Fact]
    public void ALongTokenBeyondTheStackBufferIsMeasuredToo()
    {
        var a = new string('a', 300) + "bc";
        var b = new string('a', 300) + "cb";
        Assert.Equal(1, EditDistance.Osa(a, b));
        Assert.Equal(302, EditDistance.Osa(a, ""));
    }

    [Fact]
    public void PruningAtTheThresholdGivesWhatScoringEveryCandidateGives()
    {
        var index = ScreeningData.LargeIndex;
        if (index is null)
        {
            Assert.Skip("../shared/data is not present");
        }

        // The labelled evaluation's queries (listed names and their variants, near misses, ordinary names),
        // with and without a country.
        var cases = ScreeningEvaluation.Cases(index);
        var compared = 0;
        // Every other query (the full scoring of every candidate is slow; the other half adds little).
        foreach (var (c, i) in cases.Select((c, i) => (c, i)).Where(x => x.i % 2 == 0))
        {
            var country = i % 3 == 0 ? "CN" : null;
            foreach (var threshold in new[] { ScreeningIndex.DefaultThreshold, 0.75 })
            {
                var pruned = index.Screen(c.Query, country, threshold, max: 10);
                var full = index.Screen(c.Query, country, threshold: 0, max: 1000).Where(m => m.Score >= threshold).Take(10).ToList();
                Assert.True(
                    Render(full) == Render(pruned),
                    $"{c.Query} ({country}) at {threshold}: pruned [{Render(pruned)}] but every candidate scored gives [{Render(full)}]");
                compared++;
            }
        }

        Assert.True(compared > 1000, $"only {compared} comparisons");
    }

    private static string Render(IEnumerable<Match> matches) =>
        string.Join(" ", matches.Select(m => string.Create(CultureInfo.InvariantCulture, $"{m.List}:{m.EntryId}:{m.Score:0.0000}")));
}
