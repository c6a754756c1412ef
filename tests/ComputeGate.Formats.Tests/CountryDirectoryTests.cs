using ComputeGate.Domain;
using System.Globalization;
using System.Runtime.CompilerServices;
using ComputeGate.Domain.Geography;
using ComputeGate.Formats;
using CsCheck;

namespace ComputeGate.Formats.Tests;

/// <summary>Destinations as users type them resolve to ISO 3166-1 alpha-2 codes; anything else is a named error.</summary>
public class CountryDirectoryTests
{
    private static readonly CountryDirectory Directory = CountryDirectory.Default();

    private static string? Resolved(string? text) => Directory.TryResolve(text, out var code) ? code.Value : null;

    [Theory]
    [InlineData("CN", "CN")]
    [InlineData("cn", "CN")]
    [InlineData(" cn ", "CN")]
    [InlineData("DE", "DE")]
    [InlineData("CHN", "CN")]
    [InlineData("vnm", "VN")]
    [InlineData("ARE", "AE")]
    [InlineData("AQ", "AQ")]         // ISO, but no CLDR locale is for Antarctica
    [InlineData("Antarctica", "AQ")]
    [InlineData("XK", "XK")]         // Kosovo: user-assigned, kept
    public void CodesResolve(string text, string code) => Assert.Equal(code, Resolved(text));

    [Theory]
    [InlineData("China", "CN")]
    [InlineData("CHINA", "CN")]
    [InlineData("Viet Nam", "VN")]
    [InlineData("  viet-nam ", "VN")]
    [InlineData("VIET NAM", "VN")]
    [InlineData("Việt Nam", "VN")]
    [InlineData("Vietnam", "VN")]
    [InlineData("United Arab Emirates", "AE")]
    [InlineData("united  arab\temirates.", "AE")]
    [InlineData("the Netherlands", "NL")]
    [InlineData("Bosnia and Herzegovina", "BA")]
    [InlineData("Bosnia & Herzegovina", "BA")]
    [InlineData("Côte d’Ivoire", "CI")]
    [InlineData("Cote d'Ivoire", "CI")]
    [InlineData("Myanmar", "MM")]
    [InlineData("Congo - Kinshasa", "CD")]
    [InlineData("Russia", "RU")]
    [InlineData("Türkiye", "TR")]
    [InlineData("TÜRKİYE", "TR")]    // dotted capital I folds to i, not to a Turkish dotless one
    [InlineData("Turkey", "TR")]
    [InlineData("中国", "CN")]
    [InlineData("Россия", "RU")]
    [InlineData("Deutschland", "DE")]
    [InlineData("日本", "JP")]
    [InlineData("الإمارات العربية المتحدة", "AE")]
    [InlineData("대한민국", "KR")]
    public void NamesResolveInManySpellingsAndScripts(string text, string code) => Assert.Equal(code, Resolved(text));

    [Theory]
    [InlineData("Burma", "MM")]
    [InlineData("Macau", "MO")]
    [InlineData("Macao", "MO")]
    [InlineData("Congo (Democratic Republic of the)", "CD")]
    [InlineData("Congo (Republic of the)", "CG")]
    [InlineData("Korea, North", "KP")]
    [InlineData("Korea, South", "KR")]
    [InlineData("Bahamas, The", "BS")]
    [InlineData("Holy See", "VA")]
    [InlineData("Cabo Verde", "CV")]
    [InlineData("UAE", "AE")]
    [InlineData("PRC", "CN")]
    [InlineData("People's Republic of China", "CN")]
    [InlineData("Mainland China", "CN")]
    [InlineData("South Korea", "KR")]
    [InlineData("DPRK", "KP")]
    [InlineData("Russian Federation", "RU")]
    [InlineData("UK", "GB")]
    [InlineData("uk", "GB")]
    [InlineData("Great Britain", "GB")]
    [InlineData("USA", "US")]
    [InlineData("U.S.", "US")]
    [InlineData("United States of America", "US")]
    [InlineData("Czech Republic", "CZ")]
    [InlineData("Ivory Coast", "CI")]
    [InlineData("Swaziland", "SZ")]
    public void EarNamesAndCommonAliasesResolve(string text, string code) => Assert.Equal(code, Resolved(text));

    [Theory]
    [InlineData("Hong Kong")]
    [InlineData("HONG KONG SAR")]
    [InlineData("Hong Kong SAR China")]
    [InlineData("HK")]
    [InlineData("HKG")]
    [InlineData("中國香港特別行政區")]  // ICU zh-Hant-HK: "Hong Kong SAR of China" is still HK
    public void HongKongIsHongKongHereNotChina(string text) => Assert.Equal("HK", Resolved(text));

    [Theory]
    [InlineData("Atlantis")]
    [InlineData("XX")]
    [InlineData("ZZ")]
    [InlineData("xx")]
    [InlineData("XXX")]
    [InlineData("EU")]              // not a country
    [InlineData("Canary Islands")]  // ICU region IC: an ISO reserved code, not a country (Spain)
    [InlineData("IC")]
    [InlineData("Korea")]           // KP or KR: never guessed
    [InlineData("Congo")]           // CD or CG: never guessed
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("the")]
    [InlineData("\ud800")]          // a lone surrogate
    [InlineData(null)]
    public void UnknownOrAmbiguousTextDoesNotResolve(string? text) => Assert.Null(Resolved(text));

    [Theory]
    [InlineData("Atlantis", "'Atlantis' is not a country code or name (ISO 3166-1 alpha-2 such as CN, or a name such as China)")]
    [InlineData("XX", "'XX' is not a country code or name (ISO 3166-1 alpha-2 such as CN, or a name such as China)")]
    [InlineData("", "no country given (ISO 3166-1 alpha-2 such as CN, or a name such as China)")]
    public void ResolveNamesTheFileRowAndField(string text, string problem)
    {
        var e = Assert.Throws<InputException>(() => Directory.Resolve("orders.csv", 12, "destination", text));
        Assert.Equal("orders.csv", e.File);
        Assert.Equal(12, e.Line);
        Assert.Equal("destination", e.FieldPath);
        Assert.Equal(problem, e.Problem);
        Assert.Equal($"orders.csv:12: destination: {problem}", e.Message);
    }

    [Fact]
    public void ResolveReturnsTheCode() =>
        Assert.Equal(new CountryCode("MO"), Directory.Resolve("orders.csv", 3, "destination", "Macau"));

    [Fact]
    public void NamesAreIcuEnglishNames()
    {
        Assert.Equal("China", Directory.NameOf(new CountryCode("CN")));
        Assert.Contains("Burma", Directory.NameOf(new CountryCode("MM")));
        Assert.Contains("Hong Kong", Directory.NameOf(new CountryCode("HK")));
        Assert.Throws<ArgumentException>(() => Directory.NameOf(new CountryCode("ZZ")));
    }

    [Theory]
    [InlineData("CN", true)]
    [InlineData("AQ", true)]
    [InlineData("XK", true)]
    [InlineData("ZZ", false)]
    [InlineData("EU", false)]
    [InlineData("IC", false)]
    [InlineData("EA", false)]
    [InlineData("CS", false)]  // Serbia and Montenegro, withdrawn; ICU still calls it "Serbia"
    public void IsKnownOnlyForIsoCountries(string code, bool known) => Assert.Equal(known, Directory.IsKnown(new CountryCode(code)));

    [Fact]
    public void SerbiaIsRsNotTheWithdrawnCs() => Assert.Equal("RS", Resolved("Serbia"));

    [Fact]
    public void ResolutionDoesNotDependOnTheCurrentCulture()
    {
        var saved = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo("tr-TR"); // "I".ToLower() is "ı" there
            Assert.Equal("IT", Resolved("ITALY"));
            Assert.Equal("IN", Resolved("INDIA"));
            Assert.Equal("IN", Resolved("IND"));
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }

    private static readonly string[] Separators = [" ", "  ", "-", ", ", ".", "\t", " / "];

    private static readonly string[] Names = ["United Arab Emirates", "Viet Nam", "Korea, North", "Bosnia and Herzegovina", "Saint Vincent and the Grenadines", "Congo (Democratic Republic of the)"];

    [Fact]
    public void CasePunctuationAndSpacingNeverChangeTheResult() =>
        Gen.Select(Gen.Int[0, Names.Length - 1], Gen.Int.Array, Gen.Int[0, Separators.Length - 1].Select(i => Separators[i])).Sample((n, flips, separator) =>
        {
            var words = Names[n].Split(' ');
            var mangled = string.Join(separator, words.Select((w, i) => i < flips.Length && flips[i] % 2 == 0 ? w.ToUpperInvariant() : w.ToLowerInvariant()));
            return Resolved(mangled) == Resolved(Names[n]) && Resolved(Names[n]) is not null;
        });

    // ---- alias files ----

    private static string? SharedCountryNames([CallerFilePath] string here = "")
    {
        var repo = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "..", ".."));
        var path = Path.GetFullPath(Path.Combine(repo, "..", "shared", "data", "countries", "countrynames_data.yaml"));
        return File.Exists(path) ? path : null;
    }

    [Fact]
    public void OpenSanctionsCountryNamesAddAliasesAndNeverResolveItsFailList()
    {
        var path = SharedCountryNames();
        if (path is null)
        {
            Assert.Skip("../shared/data/countries/countrynames_data.yaml is not present");
        }

        var loaded = Directory.WithAliases(path, File.ReadAllText(path));

        // Aliases in that file that ICU and the bundled file do not know.
        foreach (var (alias, code) in new[] { ("Allemagne", "DE"), ("England", "GB"), ("Holland", "NL"), ("澳門", "MO") })
        {
            Assert.False(Directory.TryResolve(alias, out _), alias);
            Assert.True(loaded.TryResolve(alias, out var c), alias);
            Assert.Equal(code, c.Value);
        }

        foreach (var fail in new[] { "unknown", "N/A", "Africa", "UNKNOWN", "Not Known" })
        {
            Assert.False(loaded.TryResolve(fail, out _), fail);
        }

        // The file maps "Korea" to KR and "Congo" to CG; the bundled FAIL list keeps them unresolved.
        Assert.False(loaded.TryResolve("Korea", out _));
        Assert.False(loaded.TryResolve("Congo", out _));

        // What resolved before still resolves the same way.
        foreach (var (text, code) in new[] { ("Hong Kong", "HK"), ("Burma", "MM"), ("CN", "CN"), ("中国", "CN"), ("Macau", "MO") })
        {
            Assert.True(loaded.TryResolve(text, out var c), text);
            Assert.Equal(code, c.Value);
        }
    }

    [Fact]
    public void WithAliasesReturnsANewDirectoryAndLeavesTheDefaultAlone()
    {
        var loaded = Directory.WithAliases("extra.yaml", "DE: [Freedonia]\n");
        Assert.True(loaded.TryResolve("freedonia", out var c));
        Assert.Equal("DE", c.Value);
        Assert.False(CountryDirectory.Default().TryResolve("Freedonia", out _));
    }

    [Fact]
    public void CodesThatAreNotCountriesAreSkipped()
    {
        var loaded = Directory.WithAliases("extra.yaml", "EU: [European Union]\nSUHH: [USSR]\nUA-CRI: [Crimea]\nZZ: [Worldwide]\nFR: [Gallia]\n");
        Assert.False(loaded.TryResolve("European Union", out _));
        Assert.False(loaded.TryResolve("USSR", out _));
        Assert.False(loaded.TryResolve("Crimea", out _));
        Assert.False(loaded.TryResolve("Worldwide", out _));
        Assert.True(loaded.TryResolve("Gallia", out _));
    }

    [Fact]
    public void ANameTwoCountriesClaimResolvesToNeitherAndTheErrorSaysSo()
    {
        var loaded = Directory.WithAliases("extra.yaml", "DE: [Freedonia]\nFR: [Freedonia]\n");
        Assert.False(loaded.TryResolve("Freedonia", out _));
        var e = Assert.Throws<InputException>(() => loaded.Resolve("orders.csv", 4, "ship_to_country", "Freedonia"));
        Assert.Contains("names more than one country (DE Germany, FR France)", e.Problem);
    }

    [Fact]
    public void TheBundledFileAndCodesWinOverALoadedFile()
    {
        var loaded = Directory.WithAliases("extra.yaml", "CN: [Burma, Macau, DE]\n");
        Assert.True(loaded.TryResolve("Burma", out var burma));
        Assert.Equal("MM", burma.Value);
        Assert.True(loaded.TryResolve("Macau", out var macau));
        Assert.Equal("MO", macau.Value);
        Assert.True(loaded.TryResolve("DE", out var de));
        Assert.Equal("DE", de.Value);
    }

    [Fact]
    public void ALoadedFailListBlocksEvenCodes()
    {
        var loaded = Directory.WithAliases("extra.yaml", "FAIL: [Germany, DE]\n");
        Assert.False(loaded.TryResolve("Germany", out _));
        Assert.False(loaded.TryResolve("DE", out _));
        Assert.True(loaded.TryResolve("DEU", out _));
    }

    [Theory]
    [InlineData("- CN\n- China\n", null, "expected a mapping (key: value) at the top level")]
    [InlineData("? [CN, HK]\n: [China]\n", null, "expected a country code")]
    [InlineData("CN:\n  - China\n  - { name: PRC }\n", "CN[1]", "expected a name (a single value)")]
    [InlineData("CN:\n  - China\n  - [PRC]\n", "CN[1]", "expected a name (a single value)")]
    [InlineData("CN: China\n", "CN", "expected a list of names")]
    [InlineData("CN: { en: China }\n", "CN", "expected a list of names")]
    [InlineData("CN: [China\n", null, "YAML syntax error")]
    [InlineData("CN: [China]\nCN: [PRC]\n", null, "YAML syntax error")]
    [InlineData("", null, "the file is empty")]
    public void AMalformedAliasFileIsAnErrorNamingTheFile(string text, string? path, string problem)
    {
        var e = Assert.Throws<InputException>(() => Directory.WithAliases("aliases.yaml", text));
        Assert.Equal("aliases.yaml", e.File);
        Assert.Equal(path, e.FieldPath);
        Assert.Contains(problem, e.Problem);
        Assert.StartsWith("aliases.yaml", e.Message);
    }

    [Fact]
    public void TheBundledAliasFileDoesNotUpsetTheRuleBook()
    {
        var book = RuleBookLoader.Embedded();
        Assert.Contains(CountryDirectory.BundledAliasFile, typeof(CountryDirectory).Assembly.GetManifestResourceNames());
        Assert.Matches(@"^computegate-rules-\S+ \(sha256:[0-9a-f]{12}\)$", book.Version);
    }
}
