using System.Text;
using ComputeGate.Domain.Parties;
using ComputeGate.Domain.Screening;

namespace ComputeGate.Domain.Tests;

/// <summary>Invisible characters are removed before names are compared, exactly (the bundled Entity List) and fuzzily (the loaded lists).</summary>
public class InvisibleCharacterTests
{
    public static TheoryData<string> Hidden => new()
    {
        "Sugon\u200B Information Industry", "Su\u00ADgon Information Industry", "Sug\0on Information Industry", "\uFEFFSugon Information Industry",
        "Sugon \u2066Information\u2069 Industry", "Sugon Informa\u034Ftion Industry", "Sugon\uFE0F Information Industry", "Sugon Information Industry\U000E0020",
        "Sugon\u007F Information Industry",
    };

    [Theory, MemberData(nameof(Hidden))]
    public void TheExactKeyIgnoresInvisibleCharacters(string name) =>
        Assert.Equal(PartyName.Key("Sugon Information Industry"), PartyName.Key(name));

    [Theory, MemberData(nameof(Hidden))]
    public void TheScreeningTokensIgnoreInvisibleCharacters(string name)
    {
        var normalizer = new NameNormalizer();
        Assert.Equal(normalizer.Normalize("Sugon Information Industry").TokenSet, normalizer.Normalize(name).TokenSet);
    }

    [Fact]
    public void WhitespaceControlsStillSeparateWords()
    {
        Assert.Equal(PartyName.Key("Sugon Information"), PartyName.Key("Sugon\tInformation"));
        Assert.NotEqual(PartyName.Key("SugonInformation"), PartyName.Key("Sugon\nInformation"));
    }

    [Fact]
    public void VisibleTextIsLeftAsItIs()
    {
        const string text = "华为技术有限公司 Huawei Technologies Co., Ltd. — Zürich";
        Assert.Same(text, InvisibleCharacters.Strip(text));
        Assert.Equal("ab", InvisibleCharacters.Strip("a\u200Bb"));
        Assert.False(InvisibleCharacters.IsInvisible(new Rune('é')));
        Assert.True(InvisibleCharacters.IsInvisible(new Rune(0xE0041)));
    }
}

/// <summary>
/// Every BIS Entity List primary name (../shared/data, July 2026) with an invisible character put inside its longest
/// word: each must still be an exact hit on its own entry (the printed counts go to BENCHMARKS.md).
/// </summary>
public class InvisibleCharacterEvasionTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("\u200B")]
    [InlineData("\u00AD")]
    [InlineData("\0")]
    [InlineData("\u202E")]
    public void EveryEntityListNameWithAnInvisibleCharacterStillHitsItsEntry(string hidden)
    {
        if (ScreeningData.LegalForms is null || ScreeningData.Shared("bis_2026", "bis_entity_list.json") is null)
        {
            Assert.Skip("../shared/data/bis_2026/bis_entity_list.json or name_matching/org_types.yml is not present");
        }

        var entries = ScreeningData.JsonList("bis_entity_list").ToList();
        var index = ScreeningIndex.Build(entries, new NameNormalizer(ScreeningData.LegalForms));
        var screen = new Parties.PartyScreen(index, "test", new HashSet<string>(StringComparer.Ordinal) { entries[0].List });
        var missed = new List<string>();
        foreach (var e in entries)
        {
            var name = e.PrimaryName;
            var words = name.Split(' ');
            var longest = words.MaxBy(w => w.Length)!;
            var at = name.IndexOf(longest, StringComparison.Ordinal) + longest.Length / 2;
            var evasive = name[..at] + hidden + name[at..];
            var matches = index.Screen(evasive, null, threshold: 0.8, max: 5);
            // The same name may be listed more than 5 times (one entry per country): a hit on any entry of that name counts.
            if (!matches.Any(m => m.Entry.PrimaryName == e.PrimaryName && screen.IsExactEntityListHit(evasive, m)))
            {
                missed.Add(name);
            }
        }

        output.WriteLine($"U+{(int)hidden[0]:X4}: {entries.Count - missed.Count} of {entries.Count} names still exact hits");
        Assert.True(missed.Count == 0, $"{missed.Count} of {entries.Count} missed, e.g. {string.Join("; ", missed.Take(5))}");
    }
}
