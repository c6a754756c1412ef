using System.Globalization;
using ComputeGate.Domain.Screening;

namespace ComputeGate.Domain.Tests;

/// <summary>
/// The cross-script pairs of moov-io/watchman (../shared/data/name_matching/watchman_cross_script_pairs.csv:
/// Query,Expected Match,Min Score,Description; '#' lines are comments and name the script): each expected
/// Latin name is listed as a person beside the whole Entity List, and the query in its own script must
/// find it at or above <see cref="ScreeningIndex.DefaultThreshold"/>. The floors are what the matcher reaches.
/// </summary>
public sealed class ScreeningCrossScriptTests
{
    private sealed record Pair(string Script, string Query, string Expected, int Line);

    private static List<Pair> Pairs(string path)
    {
        var pairs = new List<Pair>();
        var script = "?";
        var line = 0;
        foreach (var text in File.ReadLines(path))
        {
            line++;
            if (text.StartsWith('#'))
            {
                // "# Arabic to Latin (...)" names the script of the pairs that follow.
                var words = text.TrimStart('#', ' ').Split(' ');
                if (words.Length > 2 && words[^1] != "" && text.Contains(" to Latin", StringComparison.Ordinal))
                {
                    script = text.TrimStart('#', ' ')[..text.TrimStart('#', ' ').IndexOf(" to Latin", StringComparison.Ordinal)];
                }

                continue;
            }

            var cells = text.Split(',');
            if (cells.Length >= 2 && cells[0].Length > 0)
            {
                pairs.Add(new Pair(script, cells[0], cells[1], line));
            }
        }

        return pairs;
    }

    [Fact]
    public void CrossScriptPairsAreFoundAtTheDefaultThreshold()
    {
        var path = ScreeningData.Shared("name_matching", "watchman_cross_script_pairs.csv");
        if (path is null || ScreeningData.LegalForms is null || ScreeningData.Shared("bis_2026", "bis_entity_list.json") is null)
        {
            Assert.Skip("../shared/data is not present");
        }

        var pairs = Pairs(path);
        Assert.Equal(22, pairs.Count);
        var expected = pairs.Select(p => new ListEntry
        {
            List = "pairs",
            EntryId = p.Line.ToString(CultureInfo.InvariantCulture),
            Kind = PartyKind.Individual,
            Names = [new EntryName(p.Expected, NameKind.Primary)],
        });
        var index = ScreeningIndex.Build(ScreeningData.JsonList("bis_entity_list").Concat(expected), new NameNormalizer(ScreeningData.LegalForms));

        var found = new Dictionary<string, (int Found, int Of)>();
        foreach (var p in pairs)
        {
            var matches = index.Screen(p.Query);
            var hit = matches.FirstOrDefault(m => m.List == "pairs" && m.MatchedName == p.Expected);
            var best = index.Screen(p.Query, threshold: 0, max: 50).FirstOrDefault(m => m.List == "pairs" && m.MatchedName == p.Expected);
            found[p.Script] = (found.GetValueOrDefault(p.Script).Found + (hit is null ? 0 : 1), found.GetValueOrDefault(p.Script).Of + 1);
            TestContext.Current.TestOutputHelper?.WriteLine($"{(hit is null ? "miss" : "FOUND")} {p.Script,-16} {p.Query} -> {p.Expected}: {(best is null ? "not a candidate" : best.Score.ToString("0.00", CultureInfo.InvariantCulture) + " " + best.Explain())}");
        }

        foreach (var (script, (n, of)) in found)
        {
            TestContext.Current.TestOutputHelper?.WriteLine($"{script}: {n}/{of}");
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"total: {found.Values.Sum(v => v.Found)}/{pairs.Count}");

        // Reached: Arabic 4/4 and Hebrew 2/2 (by consonants), Cyrillic 4/4, Greek 2/2, Thai 1/1, Chinese 3/4
        // (金正恩 is Kim Jong Un read in Korean, not in pinyin); not Korean 0/3 (AnyAscii's Revised
        // Romanisation is not the McCune-Reischauer spelling of the names) nor Japanese 0/2 (kanji are read
        // as Chinese: 山田太郎 → shan tian tai lang, not Yamada Taro).
        Assert.Equal(4, found["Arabic"].Found);
        Assert.Equal(4, found["Cyrillic"].Found);
        Assert.Equal(3, found["Chinese"].Found);
        Assert.Equal(2, found["Greek"].Found);
        Assert.Equal(2, found["Hebrew"].Found);
        Assert.Equal(1, found["Thai"].Found);
        Assert.True(found.Values.Sum(v => v.Found) >= 16);
    }
}
