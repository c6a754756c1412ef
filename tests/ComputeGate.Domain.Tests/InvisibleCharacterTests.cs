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
