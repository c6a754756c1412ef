using ComputeGate.Domain;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using ComputeGate.Domain.Screening;
using ComputeGate.Formats.Lists;

namespace ComputeGate.Formats.Tests.Lists;

/// <summary>
/// The simple JSON list format on the real BIS 2026 files (issue "Screen parties"): entries with stable,
/// position-free ids; the Entity List's licence requirement and footnotes out of its notes; a truncated or
/// invalid file is never imported; an entity that cannot be read is rejected with its line and field.
/// </summary>
public class SimpleJsonListReaderTests
{
    private static readonly SimpleJsonListReader Reader = new();

    private static ParsedList EntityList() => Reader.ReadFile(SharedData.Require("bis_2026/bis_entity_list.json"));

    private static ListEntry Named(ParsedList list, string name) => Assert.Single(list.Entries, e => e.PrimaryName == name);

    [Fact]
    public void TheEntityListOf2026IsReadWhole()
    {
        var list = EntityList();

        Assert.Equal("simple-json", list.Format);
        Assert.Equal(3_409, list.Entries.Count);
        Assert.Empty(list.Rejected);
        Assert.All(list.Entries, e => Assert.Equal("bis-entity-list", e.List));
        Assert.Equal(list.Entries.Count, list.Entries.Select(e => e.EntryId).Distinct().Count());

        // shared/data/README.md gives the counts by country, resolved to ISO codes; "Crimea Region of Ukraine" is kept as written.
        Assert.Equal(1_106, list.Entries.Count(e => e.Countries.SequenceEqual(["CN"])));
        Assert.Equal(1_081, list.Entries.Count(e => e.Countries.SequenceEqual(["RU"])));
        Assert.Equal(188, list.Entries.Count(e => e.Countries.SequenceEqual(["AE"])));
        Assert.Equal(28, list.Entries.Count(e => e.Countries.SequenceEqual(["Crimea Region of Ukraine"])));

        // The date sits in the citation; two entries cite no date ("86 FR 67319").
        Assert.Equal(2, list.Entries.Count(e => e.StartDate is null));
    }

    [Fact]
    public void HuaweiCarriesItsLicenceRequirementFootnotesAliasesAndListingDate()
    {
        var huawei = Named(EntityList(), "Huawei Technologies Co., Ltd.");

        Assert.Equal("For all items subject to the EAR, see §§ 734.9(e) 1 and 744.11 of the EAR", huawei.LicenseRequirement);
        Assert.Equal([1, 2], huawei.Footnotes);
        Assert.Null(huawei.LicensePolicy); // not in the 2026 extraction
        // 84 FR 22963 is in no document of rules/federal-register-documents.yaml: the publication date, said so.
        Assert.Contains("is the date in the FR citation (the publication date)", huawei.Remarks, StringComparison.Ordinal);
        Assert.Equal(new DateOnly(2019, 5, 21), huawei.StartDate);
        Assert.Equal("84 FR 22963, 5/21/19", huawei.FederalRegister);
        Assert.Equal(["CN"], huawei.Countries);
        Assert.Equal(PartyKind.Unknown, huawei.Kind);
        Assert.Equal(
            ["Shenzhen Huawei Technologies", "Huawei Technology", "Beijing Huawei Longshine", "Huawei Marine", "Shenzhen Huawei Agisson Electric Co., Ltd."],
            huawei.Names.Skip(1).Select(n => n.Name));
        Assert.All(huawei.Names.Skip(1), n => Assert.Equal(NameKind.Aka, n.Kind));
        Assert.StartsWith("Addresses for Huawei Technologies Co., Ltd.: Bantian Huawei Base", Assert.Single(huawei.Addresses));
    }

    [Fact]
    public void AdvancedComputingEntriesCarryFootnoteFourAndTheirFirstListingDate()
    {
        var list = EntityList();

        var biren = Named(list, "Shanghai Biren Intelligent Technology Co., Ltd.");
        Assert.Equal([4], biren.Footnotes);
        Assert.Equal("For all items subject to the EAR. (See §§ 734.9(e)(2) and 744.11 of the EAR)", biren.LicenseRequirement);
        Assert.Equal(new DateOnly(2023, 10, 19), biren.StartDate); // "88 FR 71992 10/19/2023.\n89 FR 25505, 4/11/24": the earliest
        Assert.Equal(new DateOnly(2025, 1, 16), Named(list, "Sophgo Technologies Ltd.").StartDate);

        // "90 FR 14048, 3/28/25": page 14048 is in FR Doc 2025-05427 (90 FR 14046-14052), effective 2025-03-25.
        var baai = Named(list, "Beijing Academy of Artificial Intelligence");
        Assert.Equal(new DateOnly(2025, 3, 25), baai.StartDate);
        Assert.Contains("FR Doc 2025-05427 (published 2025-03-28)", baai.Remarks, StringComparison.Ordinal);
        Assert.Empty(Named(list, "Beijing Zhipu Huazhang Technology Co., Ltd.").Footnotes);

        // Footnote markers across the list: at the end ("EAR 2", "EAR) 4") and inside ("734.9(e) 1", "734.9(g),3").
        var footnotes = list.Entries.SelectMany(e => e.Footnotes).GroupBy(f => f).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(new Dictionary<int, int> { [1] = 130, [2] = 130, [3] = 762, [4] = 96, [5] = 16 }, footnotes);
        Assert.DoesNotContain(list.Entries, e => e.LicenseRequirement is { } r && char.IsAsciiDigit(r[^1]));
    }

    [Fact]
    public void TheIdIsTheDocumentedHashAndDoesNotDependOnPosition()
    {
        var path = SharedData.Require("bis_2026/bis_entity_list.json");
        var list = Reader.ReadFile(path);

        // list_id, name, country, address (as written), joined with U+001F; SHA-256; 12 hex digits.
        var json = JsonNode.Parse(File.ReadAllText(path))!;
        var raw = json["entities"]!.AsArray().Single(e => (string?)e!["name"] == "Huawei Technologies Co., Ltd.")!;
        var material = string.Join('\u001F', "bis-entity-list", "Huawei Technologies Co., Ltd.", (string?)raw["country"], (string?)raw["address"]);
        var expected = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(material)))[..12];
        Assert.Equal(expected, Named(list, "Huawei Technologies Co., Ltd.").EntryId);

        // The same party listed under three countries (no address) gets three ids.
        Assert.Equal(3, list.Entries.Where(e => e.PrimaryName == "Southeast Trading Oy").Select(e => e.EntryId).Distinct().Count());

        // Reversed, the file gives every entry the same id.
        var entities = json["entities"]!.AsArray();
        var reversed = new JsonArray(entities.Reverse().Select(e => e!.DeepClone()).ToArray());
        json["entities"] = reversed;
        var again = Reader.Read(ListSource.FromText("reversed.json", json.ToJsonString()));
        Assert.Equal(
            list.Entries.Select(e => (e.EntryId, e.PrimaryName)).Order(),
            again.Entries.Select(e => (e.EntryId, e.PrimaryName)).Order());
    }

    [Fact]
    public void TheMilitaryEndUserListAndItsDatesFromTheCitation()
    {
        var meu = Reader.ReadFile(SharedData.Require("bis_2026/bis_meu.json"));

        Assert.Equal(70, meu.Entries.Count);
        Assert.Empty(meu.Rejected);
        Assert.All(meu.Entries, e => Assert.Equal(["CN"], e.Countries));
        var aaspt = Named(meu, "Academy of Aerospace Solid Propulsion Technology (AASPT)");
        Assert.Equal("bis-meu", aaspt.List);
        Assert.Equal(new DateOnly(2020, 12, 23), aaspt.StartDate); // "85 FR 83799, 12/23/2020"
        Assert.Null(aaspt.LicenseRequirement);                     // only the Entity List's notes are a licence requirement
        Assert.Contains("may be earlier (UNVERIFIED)", aaspt.Remarks, StringComparison.Ordinal);
    }

    [Fact]
    public void TheDeniedPersonsListRejectsItsTwoExactDuplicates()
    {
        var dpl = Reader.ReadFile(SharedData.Require("bis_2026/bis_dpl.json"));

        Assert.Equal(564 - 2, dpl.Entries.Count);
        Assert.Equal(
            [("bis_dpl.json", 917, "entities[91]"), ("bis_dpl.json", 1089, "entities[108]")],
            dpl.Rejected.Select(r => (r.File, r.Line, r.Field)));
        Assert.StartsWith("duplicates entities[90] (line 907)", dpl.Rejected[0].Reason);

        var adt = Named(dpl, "ADT ANALOG AND DIGITAL TECHNIK");
        Assert.Equal(new DateOnly(1981, 9, 10), adt.StartDate); // effective_date wins over the citation's dates
        Assert.Equal("Type of denial: Standard", adt.Remarks);
        Assert.Equal(["DE"], adt.Countries);
    }

    [Fact]
    public void ATruncatedListIsNeverImported()
    {
        var path = SharedData.Require("bis_2026/bis_entity_list.json");
        var json = JsonNode.Parse(File.ReadAllText(path))!;
        var entities = json["entities"]!.AsArray();
        while (entities.Count > 3_000)
        {
            entities.RemoveAt(entities.Count - 1);
        }

        var dir = Directory.CreateTempSubdirectory("computegate-lists-");
        try
        {
            var truncated = Path.Combine(dir.FullName, "bis_entity_list.json");
            File.WriteAllText(truncated, json.ToJsonString());
            var e = Assert.Throws<InputException>(() => Reader.ReadFile(truncated));
            Assert.Equal("bis_entity_list.json", e.File);
            Assert.Equal("count", e.FieldPath);
            Assert.Contains("says 3409 entities but the file has 3000", e.Problem);
            Assert.Contains("TRUNCATED", e.Problem);

            // Cut mid-file, the JSON itself is invalid.
            var cut = Path.Combine(dir.FullName, "cut.json");
            var bytes = File.ReadAllBytes(path);
            File.WriteAllBytes(cut, bytes[..(bytes.Length / 2)]);
            var invalid = Assert.Throws<InputException>(() => Reader.ReadFile(cut));
            Assert.Equal("cut.json", invalid.File);
            Assert.Contains("invalid JSON", invalid.Problem);
            Assert.NotNull(invalid.Line);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData("{\"list_id\": \"x\", \"count\": 1, \"entities\": [{\"name\": \"A\"}", "invalid JSON")]
    [InlineData("[1, 2]", "is not a JSON object")]
    [InlineData("{\"count\": 1, \"entities\": [{\"name\": \"A\"}]}", "list_id: is missing")]
    [InlineData("{\"list_id\": \"x\", \"entities\": [{\"name\": \"A\"}]}", "count: is missing")]
    [InlineData("{\"list_id\": \"x\", \"count\": 1}", "entities: is missing")]
    [InlineData("{\"list_id\": \"x\", \"count\": 0, \"entities\": []}", "an empty list is never imported")]
    [InlineData("{\"list_id\": \"x\", \"count\": 1, \"entities\": [{\"name\": \"  \"}]}", "no entry could be read")]
    public void AFileThatCannotBeReadWhollyIsAnInputErrorNamingIt(string json, string message)
    {
        var e = Assert.Throws<InputException>(() => Reader.Read(ListSource.FromText("internal.json", json)));

        Assert.Equal("internal.json", e.File);
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void AnEntityThatCannotBeReadIsRejectedWithItsLineAndFieldAndTheOthersGoThrough()
    {
        // Real MEU entries, some changed; one entity per line from line 3.
        var json = string.Join("\n",
            "{\"list_id\": \"bis-meu\", \"count\": 6,",
            " \"entities\": [",
            "  {\"name\": \"Academy of Aerospace Solid Propulsion Technology (AASPT)\", \"aliases\": [], \"country\": \"China\", \"federal_register\": \"85 FR 83799, 12/23/2020\"},",
            "  {\"aliases\": [], \"country\": \"China\", \"federal_register\": \"85 FR 83799, 12/23/2020\"},",
            "  {\"name\": \"AECC Aero Science & Technology Co. Ltd.\", \"aliases\": \"AECC\", \"country\": \"China\"},",
            "  {\"name\": \"AECC Aero Science & Technology Co. Ltd.\", \"aliases\": [], \"country\": \"China\", \"effective_date\": \"12/23/2020\"},",
            "  {\"name\": \"AECC Aero Science & Technology Co. Ltd.\", \"aliases\": [], \"country\": \"China\", \"kind\": \"company\"},",
            "  {\"name\": \"AECC Aero Science & Technology Co. Ltd.\", \"aliases\": [\"AECC\", 7], \"country\": \"China\"}",
            " ]}");

        var list = Reader.Read(ListSource.FromText("meu.json", json));

        Assert.Equal("Academy of Aerospace Solid Propulsion Technology (AASPT)", Assert.Single(list.Entries).PrimaryName);
        Assert.Equal(
            [
                ("meu.json", 4, "entities[1].name"), ("meu.json", 5, "entities[2].aliases"), ("meu.json", 6, "entities[3].effective_date"),
                ("meu.json", 7, "entities[4].kind"), ("meu.json", 8, "entities[5].aliases[1]"),
            ],
            list.Rejected.Select(r => (r.File, r.Line, r.Field)));
        Assert.Equal("is missing or empty", list.Rejected[0].Reason);
        Assert.Equal("'12/23/2020' is not a date (YYYY-MM-DD)", list.Rejected[2].Reason);
    }

    [Fact]
    public void AnInternalListMayGiveItsOwnIdsKindsAndLicenceColumns()
    {
        const string Json = """
            { "list_id": "internal-watch", "count": 3, "entities": [
              { "id": "w-1", "name": "Example Holdings Ltd.", "kind": "entity", "country": "Hong Kong",
                "license_requirement": "All items subject to the EAR", "license_policy": "Presumption of denial", "notes": "board decision 2026-03" },
              { "id": "w-2", "name": "Jane EXAMPLE", "kind": "Individual", "aliases": ["J. Example"], "country": "Atlantis" },
              { "id": "w-1", "name": "Another Name", "country": "CN" } ] }
            """;

        var list = Reader.Read(ListSource.FromText("watch.json", Json));

        var holdings = list.Entries[0];
        Assert.Equal(("internal-watch", "w-1", PartyKind.Entity), (holdings.List, holdings.EntryId, holdings.Kind));
        Assert.Equal(["HK"], holdings.Countries);
        Assert.Equal("All items subject to the EAR", holdings.LicenseRequirement);
        Assert.Equal("Presumption of denial", holdings.LicensePolicy);
        Assert.Equal("board decision 2026-03", holdings.Remarks);
        Assert.Equal((PartyKind.Individual, "w-2"), (list.Entries[1].Kind, list.Entries[1].EntryId));
        Assert.Equal(["Atlantis"], list.Entries[1].Countries); // unresolvable: kept as written
        var reject = Assert.Single(list.Rejected);
        Assert.Equal(("entities[2].id", 5), (reject.Field, reject.Line));
        Assert.Equal("'w-1' is already the id of entities[0] (line 2)", reject.Reason);
    }

    [Theory]
    [InlineData("For all items subject to the EAR, see §§ 734.9(e) 1 and 744.11 of the EAR 2", "For all items subject to the EAR, see §§ 734.9(e) 1 and 744.11 of the EAR", new[] { 1, 2 })]
    [InlineData("For all items subject to the EAR. (See §§ 734.9(e)(2) and 744.11 of the EAR) 4", "For all items subject to the EAR. (See §§ 734.9(e)(2) and 744.11 of the EAR)", new[] { 4 })]
    [InlineData("For all items subject to the EAR. (See §§ 734.9(e)(2) and 744.11 of the EAR)45", "For all items subject to the EAR. (See §§ 734.9(e)(2) and 744.11 of the EAR)", new[] { 4, 5 })]
    [InlineData("For all items subject to the EAR. (See §§ 734.9(g),3 746.8(a)(3), and 744.21(b) of the EAR)", "For all items subject to the EAR. (See §§ 734.9(g),3 746.8(a)(3), and 744.21(b) of the EAR)", new[] { 3 })]
    [InlineData("For all items subject to the EAR. (See § 744.11 of the EAR)", "For all items subject to the EAR. (See § 744.11 of the EAR)", new int[0])]
    public void FootnoteMarkersComeOffTheEndOfTheRequirement(string notes, string requirement, int[] footnotes)
    {
        var (text, found) = SimpleJsonListReader.SplitFootnotes(notes);

        Assert.Equal(requirement, text);
        Assert.Equal(footnotes, found);
    }
}
