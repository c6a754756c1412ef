using ComputeGate.Domain.Geography;

namespace ComputeGate.Domain.Tests;

public class CountryGroupsTests
{
    private static CountryCode C(string s) => new(s);

    /// <summary>Domain notes §3.5: (D:1 ∪ D:4 ∪ D:5) \ (A:5 ∪ A:6) ∪ {Macau}.</summary>
    private static HashSet<CountryCode> Geography2023(DateOnly date)
    {
        var g = Bundled.Book.CountryGroups;
        var set = g["D:1"].MembersOn(date).Union(g["D:4"].MembersOn(date)).Union(g["D:5"].MembersOn(date)).ToHashSet();
        set.ExceptWith(g["A:5"].MembersOn(date));
        set.ExceptWith(g["A:6"].MembersOn(date));
        set.Add(C("MO"));
        return set;
    }

    [Theory]
    [InlineData("2023-11-17", 45)]
    [InlineData("2024-03-14", 45)]
    [InlineData("2024-03-15", 46)]
    public void The2023GeographyHas45Then46Destinations(string date, int count) =>
        Assert.Equal(count, Geography2023(Bundled.D(date)).Count);

    [Theory]
    [InlineData("D:5", "NI", "2024-03-14", false)]
    [InlineData("D:5", "NI", "2024-03-15", true)]
    [InlineData("D:1", "NI", "2024-03-15", true)]
    [InlineData("D:5", "CY", "2024-05-29", true)]
    [InlineData("D:5", "CY", "2024-05-30", false)]
    [InlineData("D:5", "KH", "2026-02-02", true)]
    [InlineData("D:5", "KH", "2026-02-03", false)]
    [InlineData("D:1", "KH", "2026-02-03", true)]
    [InlineData("D:4", "IL", "2024-01-01", true)]
    [InlineData("A:6", "IL", "2024-01-01", true)]
    [InlineData("D:5", "MO", "2024-01-01", false)]
    [InlineData("AI-Tier-1", "JP", "2025-01-12", false)]
    [InlineData("AI-Tier-1", "JP", "2025-01-13", true)]
    [InlineData("AI-Tier-1", "IN", "2025-03-01", false)]
    public void DatedMembership(string group, string country, string date, bool member) =>
        Assert.Equal(member, Bundled.Book.CountryGroups.Contains(group, C(country), Bundled.D(date)));

    [Fact]
    public void GroupSizesMatchTheDomainNotes()
    {
        var g = Bundled.Book.CountryGroups;
        var d = Bundled.D("2025-01-01");
        Assert.Equal(24, g["D:1"].MembersOn(d).Count);
        Assert.Equal(22, g["D:4"].MembersOn(d).Count);
        Assert.Equal(23, g["D:5"].MembersOn(d).Count);
        Assert.Equal(37, g["A:5"].MembersOn(d).Count);
        Assert.Equal(8, g["A:6"].MembersOn(d).Count);
        Assert.Equal(19, g["AI-Tier-1"].MembersOn(d.AddDays(30)).Count);
        Assert.Equal(22, g["D:5"].MembersOn(Bundled.D("2026-07-23")).Count);
        Assert.Equal(21, g["D:4"].MembersOn(Bundled.D("2026-07-23")).Count);
        Assert.Equal(38, g["A:5"].MembersOn(Bundled.D("2026-07-23")).Count);
    }

    [Fact]
    public void UaeMoveCarriesItsUnverifiedFlag() =>
        Assert.Contains(Bundled.Book.CountryGroups["D:4"].UnverifiedFor(C("AE")), u => u.Contains("UNVERIFIED"));

    [Theory]
    [InlineData("cn")]
    [InlineData(" CN ")]
    public void CountryCodesNormalise(string text)
    {
        Assert.True(CountryCode.TryParse(text, out var c));
        Assert.Equal("CN", c.Value);
    }

    [Theory]
    [InlineData("CHN")]
    [InlineData("C1")]
    [InlineData("")]
    public void BadCountryCodesAreRejected(string text) => Assert.False(CountryCode.TryParse(text, out _));
}
