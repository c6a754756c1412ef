using ComputeGate.Domain.Screening;
using ComputeGate.Formats;

namespace ComputeGate.Domain.Tests;

/// <summary>
/// The name normaliser and the screening index, on hand-built entries with real names from the Entity
/// List (../shared/data/bis_2026/bis_entity_list.json, July 2026). The legal-form vocabulary is the
/// OpenSanctions org_types.yml in ../shared/data; tests that need it skip when it is absent.
/// </summary>
public sealed class ScreeningTests
{
    private static LegalForms Forms() => ScreeningData.LegalForms ?? throw SkipException();

    private static Exception SkipException()
    {
        Assert.Skip("../shared/data/name_matching/org_types.yml is not present");
        return new InvalidOperationException();
    }

    private static NameNormalizer Normalizer() => new(Forms());

    private static IReadOnlyList<string> Tokens(string name) => Normalizer().Normalize(name).Tokens;

    // ---------------------------------------------------------------- normalisation

    [Fact]
    public void CaseDiacriticsPunctuationAndWhitespaceAreIgnored()
    {
        var n = new NameNormalizer();
        Assert.Equal(["muller", "ludenscheidt", "ag"], n.Normalize("  MÜLLER–Lüdenscheidt,\t A.G. ").Tokens.Take(2).Append(string.Concat(n.Normalize("A.G.").Tokens)));
        Assert.Equal(n.Normalize("Société Générale").Tokens, n.Normalize("SOCIETE   GENERALE").Tokens);
        Assert.Equal(["xian", "obrien"], n.Normalize("Xi'an O’Brien").Tokens);
        Assert.Equal(["strasse", "fine"], n.Normalize("Straße ﬁne").Tokens);
    }

    [Fact]
    public void AnyScriptIsTransliteratedToLatin()
    {
        var n = new NameNormalizer();
        var russian = n.Normalize("Газпром нефть");
        Assert.Equal(["gazprom", "neft"], russian.Tokens);
        Assert.Equal([NameScript.Cyrillic], russian.Transliterated);
        Assert.Equal(["alexandros"], n.Normalize("Αλέξανδρος").Tokens);
        Assert.Equal(["mhmd", "ly"], n.Normalize("محمد علي").Tokens);
    }

    [Fact]
    public void HanIsOneSyllablePerTokenAndTheJoinedFormHasNoSpaces()
    {
        var huawei = Normalizer().Normalize("华为技术有限公司");
        Assert.Equal(["hua", "wei", "ji", "shu"], huawei.Tokens);
        Assert.Equal(["hua", "wei", "ji", "shu", "you", "xian", "gong", "si"], huawei.AllTokens);
        Assert.Equal("huaweijishu", huawei.Joined);
        Assert.Equal(["you xian gong si"], huawei.LegalFormsRemoved);
        Assert.All(huawei.NameTokens, t => Assert.Equal(NameScript.Han, t.Script));
        Assert.Equal(["zhong", "xin", "guo", "ji"], Tokens("中芯国际"));
    }

    [Fact]
    public void WordsWrittenTogetherAreSplitWhereTheCaseOrDigitsShowTheSeam()
    {
        Assert.Equal(["huawei", "technologies"], Tokens("HuaweiTechnologies"));
        Assert.Equal(["sparta"], Tokens("ZAOSparta"));
        Assert.Equal(["766", "uptk"], Tokens("Joint Stock Company766 UPTK"));
        Assert.Equal(["huaweitechnologies"], Tokens("huaweitechnologies"));
        Assert.Equal("huaweitechnologies", Normalizer().Normalize("Huawei Technologies").Joined);
    }

    [Fact]
    public void LegalFormsFromTheVocabularyAreRemovedHoweverWritten()
    {
        foreach (var name in new[] { "Huawei Technologies Co., Ltd.", "HUAWEI TECHNOLOGIES CO LTD", "Huawei Technologies Co.,Ltd", "Huawei Technologies Coltd", "Huawei Technologies Limited", "Huawei Technologies LLC" })
        {
            Assert.Equal(["huawei", "technologies"], Tokens(name));
        }

        Assert.Equal(["gazprom", "neft"], Tokens("ООО Газпром нефть"));
        Assert.Equal(["gazprom", "neft"], Tokens("Obshchestvo s Ogranichennoy Otvetstvennostyu Gazprom Neft"));
        Assert.Equal(["co ltd"], Normalizer().Normalize("Huawei Technologies Co., Ltd.").LegalFormsRemoved);
    }

    [Fact]
    public void ChineseLegalFormsAreRemovedInHanAndInPinyin()
    {
        Assert.Equal(["hua", "wei"], Tokens("华为股份有限公司"));
        Assert.Equal(["hua", "wei"], Tokens("华为有限责任公司"));
        Assert.Equal(["hua", "wei"], Tokens("华为公司"));
        Assert.Equal(["beijing", "nuodian", "keji"], Tokens("Beijing Nuodian Keji Youxian Gongsi"));
        Assert.Equal(["beijing", "nuodian", "keji"], Tokens("Beijing Nuodian Keji Gufen Youxian Gongsi"));
    }

    [Fact]
    public void ALegalFormWithOneTypoIsStillALegalForm()
    {
        Assert.Equal(["seajet", "company"], Tokens("Seajet Company Lmited"));
        Assert.Equal(["seajet", "company"], Tokens("Seajet Company Limtted"));
        Assert.Equal(["concern", "avtomatika"], Tokens("Joint Stobck Company Concern Avtomatika"));
    }

    [Fact]
    public void WithoutAVocabularyNothingIsRemoved()
    {
        var plain = new NameNormalizer();
        Assert.Equal(["huawei", "technologies", "co", "ltd"], plain.Normalize("Huawei Technologies Co., Ltd.").Tokens);
        Assert.Equal(["hua", "wei", "ji", "shu", "you", "xian", "gong", "si"], plain.Normalize("华为技术有限公司").Tokens);
        Assert.Empty(plain.Normalize("Huawei Technologies Co., Ltd.").LegalFormsRemoved);
    }

    [Fact]
    public void ANameIsNeverReducedToNothing()
    {
        Assert.Equal(["limited"], Tokens("Limited"));
        Assert.True(Normalizer().Normalize(" ,.; ").IsEmpty);
        Assert.True(Normalizer().Normalize(null).IsEmpty);
    }

    [Fact]
    public void PersonNameOrderDoesNotMatter()
    {
        var n = new NameNormalizer();
        Assert.Equal(n.Normalize("Vladimir Putin").TokenSet, n.Normalize("PUTIN, Vladimir").TokenSet);
        Assert.Equal(n.Normalize("Vladimir Vladimirovich Putin").TokenSet, n.Normalize("PUTIN, Vladimir Vladimirovich").TokenSet);
    }

    // ---------------------------------------------------------------- org_types.yml

    [Fact]
    public void TheOrgTypesVocabularyLoads()
    {
        var forms = Forms();
        Assert.True(forms.TypeCount > 400);
        Assert.True(forms.IsLegalForm("Co., Ltd."));
        Assert.True(forms.IsLegalForm("GmbH"));
        Assert.True(forms.IsLegalForm("有限公司"));
        Assert.False(forms.IsLegalForm("Huawei"));
    }

    [Fact]
    public void AMalformedVocabularyIsRejectedWithFileAndLine()
    {
        var missing = Assert.Throws<InputException>(() => OrgTypesLoader.Load("types.yml", "types:\n  - display: Ltd\n    generic: LLC\n"));
        Assert.Contains("types.yml:2: types[0].aliases", missing.Message);
        var unknown = Assert.Throws<InputException>(() => OrgTypesLoader.Load("types.yml", "types:\n  - display: Ltd\n    aliases: [Ltd]\n    colour: red\n"));
        Assert.Contains("types.yml:4: types[0].colour: unknown field", unknown.Message);
        var empty = Assert.Throws<InputException>(() => OrgTypesLoader.Load("types.yml", "types: []\n"));
        Assert.Contains("the vocabulary is empty", empty.Message);
        var syntax = Assert.Throws<InputException>(() => OrgTypesLoader.Load("types.yml", "types:\n  - aliases: [Ltd\n"));
        Assert.StartsWith("types.yml", syntax.Message);
        var forms = OrgTypesLoader.Load("types.yml", "types:\n  - display: Ltd\n    aliases: [Ltd, Limited]\n", includeChineseForms: false);
        Assert.Equal(["huawei"], new NameNormalizer(forms).Normalize("Huawei Limited").Tokens);
        Assert.False(forms.IsLegalForm("有限公司"));
    }

    // ---------------------------------------------------------------- screening

    private static ListEntry Entry(string id, string country, string primary, params string[] aliases) => new()
    {
        List = "entity-list",
        EntryId = id,
        Kind = PartyKind.Entity,
        Countries = [country],
        Names = [new EntryName(primary, NameKind.Primary), .. aliases.Select(a => new EntryName(a, NameKind.Aka))],
    };

    // Real Entity List entries (bis_entity_list.json), names and aliases as listed.
    private static readonly ListEntry[] Fixture =
    [
        Entry("huawei", "CN", "Huawei Technologies Co., Ltd.", "Shenzhen Huawei Technologies", "Huawei Technology", "Beijing Huawei Longshine", "Huawei Marine", "Shenzhen Huawei Agisson Electric Co., Ltd."),
        Entry("huawei-tech-investment", "AR", "Huawei Tech Investment Co., Ltd."),
        Entry("huawei-cloud-peru", "PE", "Huawei Cloud Peru"),
        Entry("hangzhou-huawei", "CN", "Hangzhou Huawei Digital Technology Co., Ltd."),
        Entry("smic", "CN", "Semiconductor Manufacturing International Corporation (SMIC)", "Semiconductor Manufacturing International (Shanghai) Corporation", "SMIC Shanghai", "Semiconductor Mfg International Corp."),
        Entry("smic-rnd", "CN", "SMIC Advanced Technology R&D (Shanghai) Corporation", "SMIC New Technology Research and Development (Shanghai) Corporation", "Zhongxin Guoji Jicheng Dianlu Xinjishu Yanfa (Shanghai) Youxian Gongsi", "SMIC Advanced Technology"),
        Entry("zhipu", "CN", "Beijing Zhipu Huazhang Technology Co., Ltd.", "Zhipu AI", "Beijing Knowledge Atlas Technology Co., Ltd."),
        Entry("zhipu-future", "CN", "Beijing Zhipu Future Technology Co., Ltd."),
        Entry("sicarrier", "CN", "Shenzhen SiCarrier Technologies Co., Ltd.", "Shenzhen Xinkailai Technology Co., Ltd.", "Xinkailai", "SiCarrier"),
        Entry("inspur", "CN", "Inspur Group Co., Ltd.", "Inspur Group", "IGL"),
        Entry("bcat", "CN", "Beijing China Aviation Technology Co., Ltd.", "BCAT Aviation", "B-CAT", "BCAT", "Beijing Zhongxun Technology Co., Ltd.", "Stratos"),
        Entry("allchips", "CN", "Allchips Limited", "Shenzhen Allchips Co., Ltd", "Allchips Group Limited", "Shenzhen Yingzhicheng Information Technology Co., Ltd"),
    ];

    private static readonly Lazy<ScreeningIndex?> LazyFixtureIndex = new(() =>
    {
        if (ScreeningData.LegalForms is null || ScreeningData.Shared("bis_2026", "bis_entity_list.json") is null)
        {
            return null;
        }

        // Rarity weights need a realistic corpus ("huawei" rare, "technology" and "company" common): the
        // fixture is screened beside the lists in ../shared/data (BIS, OFAC SDN and non-SDN: about 43,000
        // names), less the entries that share a name with it.
        var normalizer = Normalizer();
        var fixtureNames = Fixture.SelectMany(e => e.Names).Select(n => normalizer.Normalize(n.Name).ToString()).ToHashSet(StringComparer.Ordinal);
        var background = ScreeningData.AllLists().Where(e => !e.Names.Any(n => fixtureNames.Contains(normalizer.Normalize(n.Name).ToString())));
        return ScreeningIndex.Build(Fixture.Concat(background), normalizer);
    });

    private static ScreeningIndex FixtureIndex() => LazyFixtureIndex.Value ?? throw SkipException();

    [Theory]
    [InlineData("HUAWEI TECHNOLOGIES CO LTD")]
    [InlineData("Huawei Technologies Company Limited")]
    [InlineData("Huawei Technolgies Co., Ltd.")]
    [InlineData("HuaweiTechnologies")]
    [InlineData("huaweitechnologies")]
    [InlineData("Technologies Huawei")]
    [InlineData("华为技术有限公司")]
    public void HuaweiTechnologiesIsFoundInEveryWriting(string query)
    {
        var matches = FixtureIndex().Screen(query);
        Assert.NotEmpty(matches);
        Assert.Equal("huawei", matches[0].EntryId);
        Assert.True(matches[0].Score >= ScreeningIndex.DefaultThreshold);
        Assert.Equal("Huawei Technologies Co., Ltd.", matches[0].ListedName);
    }

    [Fact]
    public void TheChineseShortNameOfSmicFindsItsPinyinAlias()
    {
        var match = Assert.Single(FixtureIndex().Screen("中芯国际"), m => m.EntryId == "smic-rnd");
        Assert.Equal("Zhongxin Guoji Jicheng Dianlu Xinjishu Yanfa (Shanghai) Youxian Gongsi", match.MatchedName);
        Assert.Contains(match.Explanation, f => f.Text == "transliterated from Han");
        Assert.Contains(match.Explanation, f => f.Feature == "han short name");
    }

    [Fact]
    public void TheHanQueryExplainsWhatWasNotTranslated()
    {
        var match = FixtureIndex().Screen("华为技术有限公司")[0];
        Assert.Contains(match.Explanation, f => f.Text.StartsWith("tokens: hua wei=huawei 1.00", StringComparison.Ordinal));
        Assert.Contains(match.Explanation, f => f.Text.Contains("untranslated syllables ji shu", StringComparison.Ordinal));
        Assert.Contains(match.Explanation, f => f.Text == "legal form removed: you xian gong si");
    }

    [Theory]
    [InlineData("Huawei Tech Partners Inc")]
    [InlineData("Xiaomi Technologies Co., Ltd.")]
    [InlineData("Huawei Cloud Chile")]
    [InlineData("Beijing Zhipu Linghang Technology Co., Ltd.")]
    [InlineData("Taiwan Semiconductor Manufacturing Company Limited")]
    public void NearMissesOfTheFixtureScoreBelowTheThreshold(string query)
    {
        // (Some are listed themselves, in the background lists: "Huawei Cloud Chile" matches that entry.)
        var fixture = FixtureIndex().Screen(query, threshold: 0, max: 200).Where(m => m.List == "entity-list").ToList();
        Assert.NotEmpty(fixture);
        Assert.All(fixture, m => Assert.True(m.Score < ScreeningIndex.DefaultThreshold, $"{m.MatchedName} {m.Score}: {m.Explain()}"));
    }

    [Fact]
    public void AMatchExplainsItselfFeatureByFeature()
    {
        var match = FixtureIndex().Screen("Huawei Technologies Co., Ltd.", "CN")[0];
        var texts = match.Explanation.Select(f => f.Text).ToList();
        Assert.Contains("tokens: huawei=huawei 1.00, technologies=technologies 1.00 (token score 1.00)", texts);
        Assert.Contains("legal form removed: co ltd", texts);
        Assert.Contains("listed legal form removed: co ltd", texts);
        Assert.Contains(texts, t => t.StartsWith("joined-form similarity 1.00", StringComparison.Ordinal));
        Assert.Contains(texts, t => t.StartsWith("country CN matches", StringComparison.Ordinal));
        Assert.Equal("score 1.00", texts[^1]);
    }

    [Fact]
    public void ATypoIsExplained()
    {
        var match = FixtureIndex().Screen("Huawei Technolgies Co., Ltd.")[0];
        Assert.Contains(match.Explanation, f => f.Text.Contains("technolgies=technologies 0.9", StringComparison.Ordinal));
    }

    [Fact]
    public void AliasesMatchAndSayWhichAliasMatched()
    {
        var matches = FixtureIndex().Screen("Shenzhen Xinkailai Technology Co Ltd");
        Assert.Equal("sicarrier", matches[0].EntryId);
        Assert.Equal("Shenzhen Xinkailai Technology Co., Ltd.", matches[0].MatchedName);
        Assert.Equal("Shenzhen SiCarrier Technologies Co., Ltd.", matches[0].ListedName);
        Assert.Contains(matches[0].Explanation, f => f.Feature == "alias");
    }

    [Fact]
    public void ACountryIsAQualifierNeverDecisive()
    {
        var index = FixtureIndex();
        var none = index.Screen("Huawei Technologies")[0].Score;
        var same = index.Screen("Huawei Technologies", "CN")[0];
        var other = index.Screen("Huawei Technologies", "FR")[0];
        Assert.True(same.Score >= none);
        Assert.True(other.Score < none);
        Assert.Equal("huawei", other.EntryId);
        Assert.Contains(other.Explanation, f => f.Text.StartsWith("country FR conflicts with listed CN", StringComparison.Ordinal));

        // A poor name with the right country is still no match.
        Assert.Empty(index.Screen("Xiaomi Technologies", "CN"));
    }

    [Fact]
    public void MatchesAreBestFirstCappedAndEveryOneIsExplained()
    {
        var index = FixtureIndex();
        var all = index.Screen("Huawei Technologies", threshold: 0, max: 100);
        Assert.True(all.Count > 3);
        Assert.Equal(all.OrderByDescending(m => m.Score).Select(m => m.EntryId), all.Select(m => m.EntryId));
        Assert.All(all, m => Assert.NotEmpty(m.Explanation));
        Assert.All(all, m => Assert.False(string.IsNullOrWhiteSpace(m.Explain())));
        Assert.Equal(2, index.Screen("Huawei Technologies", threshold: 0, max: 2).Count);
        Assert.Empty(index.Screen(" ,. "));
        Assert.Empty(index.Screen("Huawei", max: 0));
    }

    [Fact]
    public void PersonNamesKeepTokensThatLookLikeLegalForms()
    {
        var person = new ListEntry { List = "sdn", EntryId = "1", Kind = PartyKind.Individual, Names = [new EntryName("ZHANG, Ao", NameKind.Primary)] };
        var company = new ListEntry { List = "sdn", EntryId = "2", Kind = PartyKind.Entity, Names = [new EntryName("Zhang Trading AO", NameKind.Primary)] };
        var index = ScreeningIndex.Build([person, company], Normalizer());
        var match = index.Screen("Ao Zhang")[0];
        Assert.Equal("1", match.EntryId);
        Assert.Equal(1.0, match.Score);
    }

    [Fact]
    public void EveryNameAndAliasIsIndexedOnce()
    {
        var index = ScreeningIndex.Build(Fixture, Normalizer());
        Assert.Equal(Fixture.Length, index.EntryCount);
        // "Inspur Group Co., Ltd." and its alias "Inspur Group" are one name once the legal form is removed.
        var normalizer = Normalizer();
        Assert.Equal(Fixture.Sum(e => e.Names.Select(n => normalizer.Normalize(n.Name).ToString()).Distinct().Count()), index.NameCount);
        Assert.Equal(Fixture.Sum(e => e.Names.Count) - 1, index.NameCount);
        Assert.Equal(9, index.TokenFrequency("huawei"));
        Assert.Equal(0, index.TokenFrequency("xiaomi"));
    }
}
