using ComputeGate.Domain;
using ComputeGate.Domain.Law;
using ComputeGate.Formats;

namespace ComputeGate.Formats.Tests;

public class RuleBookLoaderTests
{
    private static readonly RuleBook Book = RuleBookLoader.Embedded();

    private static Dictionary<string, string> EmbeddedFiles()
    {
        var assembly = typeof(RuleBookLoader).Assembly;
        return assembly.GetManifestResourceNames().Where(n => n.StartsWith("rules/", StringComparison.Ordinal))
            .ToDictionary(n => n, n => new StreamReader(assembly.GetManifestResourceStream(n)!).ReadToEnd());
    }

    [Fact]
    public void VersionNamesReleaseAndContentHash() =>
        Assert.Matches(@"^computegate-rules-\S+ \(sha256:[0-9a-f]{12}\)$", Book.Version);

    [Fact]
    public void EveryEntryCitesItsInstrumentAndEveryInstrumentHasDates()
    {
        foreach (var p in Book.Parameters)
        {
            Assert.All(p.History, e =>
            {
                Assert.False(string.IsNullOrWhiteSpace(e.Cite));
                Assert.Contains(e.Instrument.Citation, e.Citation);
            });
        }

        var diffusion = Book.Instrument("fr-2025-00636");
        Assert.Equal(new DateOnly(2025, 1, 13), diffusion.Effective);
        Assert.Equal(new DateOnly(2025, 1, 15), diffusion.Published);
        Assert.Equal(new DateOnly(2025, 5, 15), diffusion.Compliance);
        Assert.Equal(EnforcementStatus.Enforced, diffusion.EnforcementOn(new DateOnly(2025, 5, 12)));
        Assert.Equal(EnforcementStatus.NotEnforced, diffusion.EnforcementOn(new DateOnly(2025, 5, 13)));
    }

    [Fact]
    public void ParametersFollowTheirHistory()
    {
        Assert.Null(Book.On(new DateOnly(2022, 10, 6)).Text("3a090.regime"));
        Assert.Equal("io-and-tpp", Book.On(new DateOnly(2022, 10, 7)).Text("3a090.regime"));
        Assert.Equal(600m, Book.On(new DateOnly(2023, 11, 16)).Number("3a090.2022.io_min_gbps"));
        Assert.Null(Book.On(new DateOnly(2023, 11, 17)).Number("3a090.2022.io_min_gbps")); // repealed
        Assert.Equal(5.92m, Book.On(new DateOnly(2023, 11, 17)).Number("3a090.a2.pd_min"));
        Assert.Equal(1e26m, Book.On(new DateOnly(2025, 1, 13)).Number("4e091.training_ops_min"));
    }

    [Fact]
    public void UnknownInstrumentReferenceIsAnError()
    {
        var files = EmbeddedFiles();
        files["rules/parameters.yaml"] = files["rules/parameters.yaml"].Replace("instrument: fr-2024-28270", "instrument: fr-2024-99999");
        var e = Assert.Throws<InputException>(() => RuleBookLoader.Load(files));
        Assert.Equal("rules/parameters.yaml", e.File);
        Assert.Contains("unknown instrument 'fr-2024-99999'", e.Problem);
    }

    [Fact]
    public void BadCountryCodeIsAnError()
    {
        var files = EmbeddedFiles();
        files["rules/country-groups.yaml"] = files["rules/country-groups.yaml"].Replace("[AL, CY,", "[AL, Cyprus,");
        var e = Assert.Throws<InputException>(() => RuleBookLoader.Load(files));
        Assert.Contains("members[1]", e.FieldPath);
    }

    [Fact]
    public void MisspelledFieldIsAnError()
    {
        var files = EmbeddedFiles();
        files["rules/instruments.yaml"] = files["rules/instruments.yaml"].Replace("    published: 2022-10-13", "    publisched: 2022-10-13");
        Assert.Contains("unknown field", Assert.Throws<InputException>(() => RuleBookLoader.Load(files)).Problem);
    }
}
