using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace ComputeGate.Formats.Tests;

/// <summary>
/// lists/entity-list-sample.yaml is a hand-made sample of real Entity List entries: its shape is checked here,
/// and its transcribed fields are checked against the parsed eCFR list in ../shared/data/bis_2026/.
/// </summary>
public partial class EntityListSampleTests
{
    private static readonly string[] Required =
        ["id", "name", "aliases", "country", "address", "listed", "federal_register", "license_requirement", "footnotes"];

    private static readonly HashSet<string> Optional = ["review_policy", "review_policy_text", "unverified"];

    private static readonly HashSet<string> Policies =
        ["policy-of-denial", "presumption-of-denial", "case-by-case", "presumption-of-approval"];

    /// <summary>The footnotes whose meaning the domain notes give (1 Huawei FDP, 4 advanced computing, 5 SME).</summary>
    private static readonly HashSet<int> KnownFootnotes = [1, 4, 5];

    /// <summary>Country names of the parsed list → ISO 3166-1 alpha-2; extend when the sample grows.</summary>
    private static readonly Dictionary<string, string> CountryCodes = new(StringComparer.Ordinal)
    {
        ["China"] = "CN",
        ["Singapore"] = "SG",
        ["Taiwan"] = "TW",
    };

    private static string RepoRoot([CallerFilePath] string here = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "../.."));

    private static YamlMappingNode Sample()
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(Path.Combine(RepoRoot(), "lists/entity-list-sample.yaml"))));
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    private static List<YamlMappingNode> Entries() =>
        ((YamlSequenceNode)Sample()[new YamlScalarNode("entries")]).Children.Cast<YamlMappingNode>().ToList();

    private static YamlNode? Field(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var node) ? node : null;

    private static string Text(YamlMappingNode map, string key) =>
        Assert.IsType<YamlScalarNode>(Field(map, key), exactMatch: true).Value ?? "";

    private static List<string> Texts(YamlMappingNode map, string key) =>
        Assert.IsType<YamlSequenceNode>(Field(map, key), exactMatch: true).Children
            .Select(n => Assert.IsType<YamlScalarNode>(n, exactMatch: true).Value ?? "").ToList();

    private static string Id(YamlMappingNode entry) => Text(entry, "id");

    [Fact]
    public void HeaderNamesTheListItsSnapshotAndSource()
    {
        var root = Sample();
        Assert.Equal("entity-list", Text(root, "list"));
        Assert.Equal("entity-list-sample-2026.11", Text(root, "snapshot"));
        Assert.False(string.IsNullOrWhiteSpace(Text(root, "title")));
        Assert.Contains("bis_entity_list.json", Text(root, "source"));
        Assert.InRange(Entries().Count, 10, 20);
    }

    [Fact]
    public void EveryEntryHasTheRequiredFieldsAndAValidPolicy()
    {
        foreach (var entry in Entries())
        {
            var keys = entry.Children.Keys.Select(k => ((YamlScalarNode)k).Value!).ToList();
            foreach (var key in Required)
            {
                Assert.True(keys.Contains(key), $"entry {Text(entry, "id")}: missing '{key}'");
            }

            var id = Id(entry);
            Assert.All(keys, k => Assert.True(Required.Contains(k) || Optional.Contains(k), $"{id}: unknown field '{k}'"));
            Assert.Matches(IdPattern(), id);
            Assert.False(string.IsNullOrWhiteSpace(Text(entry, "name")), $"{id}: empty name");
            Assert.False(string.IsNullOrWhiteSpace(Text(entry, "address")), $"{id}: empty address");
            Assert.False(string.IsNullOrWhiteSpace(Text(entry, "license_requirement")), $"{id}: empty license_requirement");
            Assert.Matches("^[A-Z]{2}$", Text(entry, "country"));
            _ = Texts(entry, "aliases");

            var listed = DateOnly.ParseExact(Text(entry, "listed"), "yyyy-MM-dd", CultureInfo.InvariantCulture);
            var cites = Texts(entry, "federal_register");
            Assert.NotEmpty(cites);
            Assert.All(cites, c => Assert.Matches(CitePattern(), c));
            // Effective dates precede or equal publication, by days not months: a wrong year or month shows here.
            var firstPublished = cites.Select(Published).Min();
            Assert.True(listed <= firstPublished && listed >= firstPublished.AddDays(-30),
                $"{id}: listed {listed:yyyy-MM-dd} does not fit the first publication {firstPublished:yyyy-MM-dd}");

            foreach (var footnote in Texts(entry, "footnotes"))
            {
                Assert.Contains(int.Parse(footnote, CultureInfo.InvariantCulture), KnownFootnotes);
            }

            if (Field(entry, "review_policy") is null)
            {
                Assert.True(Field(entry, "review_policy_text") is null, $"{id}: review_policy_text without review_policy");
                Assert.False(string.IsNullOrWhiteSpace(Text(entry, "unverified")), $"{id}: a missing review_policy must be explained");
            }
            else
            {
                Assert.Contains(Text(entry, "review_policy"), Policies);
            }

            if (Field(entry, "unverified") is not null)
            {
                Assert.False(string.IsNullOrWhiteSpace(Text(entry, "unverified")), $"{id}: empty unverified");
            }
        }
    }

    [Fact]
    public void IdsAreUnique()
    {
        var duplicates = Entries().GroupBy(Id).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.Empty(duplicates);
    }

    /// <summary>
    /// Each entry is one row of the parsed eCFR list: same name (exactly one row has it), same aliases and address,
    /// every FR cite of the row and no other, the country, and the licence requirement with footnote markers removed.
    /// </summary>
    [Fact]
    public void EveryEntryIsTranscribedVerbatimFromTheParsedList()
    {
        var json = Path.GetFullPath(Path.Combine(RepoRoot(), "../shared/data/bis_2026/bis_entity_list.json"));
        if (!File.Exists(json))
        {
            Assert.Skip($"{json} is not present; the sample cannot be checked against the parsed Entity List");
        }

        using var doc = JsonDocument.Parse(File.ReadAllBytes(json));
        var rows = doc.RootElement.GetProperty("entities").EnumerateArray().ToList();
        Assert.Equal(doc.RootElement.GetProperty("count").GetInt32(), rows.Count);

        foreach (var entry in Entries())
        {
            var id = Id(entry);
            var name = Text(entry, "name");
            var matches = rows.Where(r => r.GetProperty("name").GetString() == name).ToList();
            Assert.True(matches.Count == 1, $"{id}: {matches.Count} rows of the parsed list are named '{name}'");
            var row = matches[0];

            Assert.Equal(row.GetProperty("aliases").EnumerateArray().Select(a => a.GetString()!).ToList(), Texts(entry, "aliases"));
            Assert.Equal(row.GetProperty("address").GetString(), Text(entry, "address"));

            var country = row.GetProperty("country").GetString()!;
            Assert.True(CountryCodes.TryGetValue(country, out var code), $"{id}: add '{country}' to CountryCodes");
            Assert.Equal(code, Text(entry, "country"));

            var listedCites = row.GetProperty("federal_register").GetString()!;
            var cites = Texts(entry, "federal_register");
            Assert.All(cites, c => Assert.True(listedCites.Contains(c, StringComparison.Ordinal), $"{id}: cite '{c}' is not in '{listedCites}'"));
            Assert.True(CitePattern().Matches(listedCites).Count == cites.Count, $"{id}: the parsed row has the cites '{listedCites}'");

            var notes = row.GetProperty("notes").GetString()!;
            var markers = FootnoteMarker().Matches(notes).Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToHashSet();
            var requirement = Spaces().Replace(FootnoteMarker().Replace(notes, ""), " ").Trim();
            Assert.Equal(requirement, Text(entry, "license_requirement"));
            Assert.All(Texts(entry, "footnotes"), f => Assert.True(markers.Contains(int.Parse(f, CultureInfo.InvariantCulture)),
                $"{id}: footnote {f} has no marker in '{notes}'"));
        }
    }

    /// <summary>The publication date of a cite such as "84 FR 22963, 5/21/19".</summary>
    private static DateOnly Published(string cite)
    {
        var date = CitePattern().Match(cite).Groups["date"].Value;
        var parts = date.Split('/').Select(p => int.Parse(p, CultureInfo.InvariantCulture)).ToArray();
        var year = parts[2] + (parts[2] < 50 ? 2000 : 1900);
        return new DateOnly(year, parts[0], parts[1]);
    }

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex IdPattern();

    [GeneratedRegex(@"\d+ FR \d+,\s*(?<date>\d{1,2}/\d{1,2}/\d{2})")]
    private static partial Regex CitePattern();

    /// <summary>A footnote marker the parser left in the text: "734.9(e) 1 and", "of the EAR 2", "of the EAR)4".</summary>
    [GeneratedRegex(@"(?<=[)A-Za-z]) ?(\d{1,2})(?=\s|$)")]
    private static partial Regex FootnoteMarker();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
