using ComputeGate.Domain;
using System.IO.Compression;
using ComputeGate.Domain.Screening;
using ComputeGate.Formats.Lists;

namespace ComputeGate.Formats.Tests.Lists;

/// <summary>
/// The trade.gov Consolidated Screening List (issue "Screen parties"): every row of the real files becomes an
/// entry of its sub-list, with names, kind, countries and the Entity List columns; a row that cannot be read is
/// rejected with its line and field, and the rows after it still come through.
/// </summary>
public class CslReaderTests
{
    private const string Sample = "csl/consolidated_format_sample_2025.csv";
    private const string Full2022 = "csl/consolidated_2022-05.csv.gz";

    private static readonly CslReader Reader = new();

    private static ListEntry Entry(ParsedList list, string id) => Assert.Single(list.Entries, e => e.EntryId == id);

    [Fact]
    public void The2025SampleGivesOneEntryPerRowOnItsSubList()
    {
        var list = Reader.ReadFile(SharedData.Require(Sample));

        Assert.Equal("csl", list.Format);
        Assert.Empty(list.Rejected);
        Assert.Equal(13, list.Entries.Count);
        var bySource = list.Entries.GroupBy(e => e.List).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(
            new Dictionary<string, int>
            {
                ["csl:SSI"] = 3, ["csl:PLC"] = 2, ["csl:ISN"] = 1, ["csl:UVL"] = 1, ["csl:MEU"] = 1, ["csl:SDN"] = 1,
                ["csl:DTC"] = 1, ["csl:DPL"] = 1, ["csl:FSE"] = 1, ["csl:EL"] = 1,
            },
            bySource);
    }

    [Fact]
    public void AnSdnIndividualKeepsItsNameAsWrittenItsProgramsAddressesAndCountries()
    {
        var rim = Entry(Reader.ReadFile(SharedData.Require(Sample)), "52291");

        Assert.Equal("csl:SDN", rim.List);
        Assert.Equal(PartyKind.Individual, rim.Kind);
        Assert.Equal("RIM, Ryong Nam", rim.PrimaryName);
        Assert.Equal(["NPWMD"], rim.Programs);
        Assert.Equal(["Shenyang, CN", "Pyongyang, KP"], rim.Addresses);
        Assert.Equal(["CN", "KP"], rim.Countries); // the addresses' countries, then the nationality KP (once)
        Assert.Equal("https://sanctionslist.ofac.treas.gov/Home/SdnList", rim.SourceUrl);
    }

    [Fact]
    public void AnEntityListRowKeepsItsLicenceColumnsDateAndAliases()
    {
        var cetc = Entry(Reader.ReadFile(SharedData.Require(Sample)), "99ed1b052fdb09695fae1ba87516d8a0882b0df04652e07aeb5ce7be");

        Assert.Equal("csl:EL", cetc.List);
        Assert.Equal(PartyKind.Unknown, cetc.Kind); // BIS rows have no type
        Assert.Equal("China Electronics Technology Group Corporation 13th Research Institute (CETC 13)", cetc.PrimaryName);
        Assert.Equal(new DateOnly(2018, 8, 1), cetc.StartDate);
        Assert.Equal("83 FR 37423; 87 FR 77505", cetc.FederalRegister);
        Assert.Equal("For all items subject to the EAR. (See §§ 734.9(g),3 746.8(a)(3), and 744.21(b) of the EAR)", cetc.LicenseRequirement);
        Assert.StartsWith("Policy of denial for all items subject to the EAR apart from food and medicine", cetc.LicensePolicy);
        Assert.Equal(["CN"], cetc.Countries);
        Assert.Equal(7, cetc.Names.Count);
        Assert.Equal(new EntryName("HSRI", NameKind.Aka), cetc.Names[2]);
        Assert.All(cetc.Names.Skip(1), n => Assert.Equal(NameKind.Aka, n.Kind));
    }

    [Fact]
    public void CountriesComeFromNationalitiesCitizenshipsAndTheAddressBeforeAPostalCode()
    {
        var list = Reader.ReadFile(SharedData.Require(Sample));

        Assert.Equal(["TR"], Entry(list, "26182").Countries);  // address "TR", citizenship "TR"
        Assert.Equal(["PS"], Entry(list, "9651").Countries);   // "Tulkarim, West Bank, PS"
        Assert.Equal(["AM"], Entry(list, "1b5979e8fd3920a1a0985bf5088dad930a6a5562d1513f9e4b015e42").Countries);
        Assert.Empty(Entry(list, "9673").Countries);           // a PLC member with no address or nationality
        var plc = Entry(list, "9673");
        Assert.Equal(
            [new("Mohammed ABU JHEISHEH", NameKind.Primary), new("Mohammad Mutlaq ABU JHESHEH", NameKind.Aka), new("Mohammed ABU JEHEISHA", NameKind.Aka)],
            plc.Names);
        Assert.Equal("HAMAS - Hebron", plc.Remarks);
    }

    [Fact]
    public void The2022FileIsReadWhollyFromGzipWithTheReadmeCountsPerSource()
    {
        var list = Reader.ReadFile(SharedData.Require(Full2022));

        // 14,160 rows: one CAP row repeats the _id (15268, BANK OF KUNLUN) of the row before it, differing only in
        // source_list_url, and is rejected as a duplicate.
        Assert.Equal(14_159, list.Entries.Count);
        var duplicate = Assert.Single(list.Rejected);
        Assert.Equal(new RejectedRow("consolidated_2022-05.csv.gz", 1980, "_id", "'15268' was already read for csl:CAP at line 1979"), duplicate);

        // shared/data/README.md gives these counts; it calls CMIC "NS-CMIC" and CAP "CAPTA", the file's codes are CMIC and CAP.
        var expected = new Dictionary<string, int>
        {
            ["csl:SDN"] = 10_026, ["csl:EL"] = 2_001, ["csl:DTC"] = 727, ["csl:DPL"] = 462, ["csl:SSI"] = 290, ["csl:UVL"] = 201,
            ["csl:ISN"] = 163, ["csl:PLC"] = 78, ["csl:MEU"] = 71, ["csl:CMIC"] = 68, ["csl:CAP"] = 53 - 1, ["csl:NS-MBS"] = 17, ["csl:FSE"] = 3,
        };
        Assert.Equal(expected, list.Entries.GroupBy(e => e.List).ToDictionary(g => g.Key, g => g.Count()));

        var kinds = list.Entries.GroupBy(e => e.Kind).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(5_286, kinds[PartyKind.Individual]);
        Assert.Equal(4_533 - 1, kinds[PartyKind.Entity]);
        Assert.Equal(433, kinds[PartyKind.Vessel]);
        Assert.Equal(283, kinds[PartyKind.Aircraft]);
        Assert.Equal(3_625, kinds[PartyKind.Unknown]);
    }

    [Fact]
    public void HuaweiIsOnThe2022EntityListWithItsLicenceRequirementAndPresumptionOfDenial()
    {
        var list = Reader.ReadFile(SharedData.Require(Full2022));

        var huawei = Entry(list, "d05d55fa214aff19c1eb3270d54905e4e362d445");
        Assert.Equal("csl:EL", huawei.List);
        Assert.Equal("Huawei Technologies Co., Ltd. (Huawei)", huawei.PrimaryName);
        Assert.Equal(["Shenzhen Huawei Technologies", "Huawei Technology"], huawei.Names.Skip(1).Select(n => n.Name));
        Assert.Equal("Presumption of denial", huawei.LicensePolicy);
        Assert.StartsWith("For all items subject to the EAR, see §§ 736.2(b)(3)(vi), and 744.11 of the EAR, EXCEPT for technology", huawei.LicenseRequirement);
        Assert.Equal(new DateOnly(2019, 5, 21), huawei.StartDate);
        Assert.Equal("84 FR 22963, 84 FR 43495, 85 FR 29853, 85 FR 36720,  85 FR 51603", huawei.FederalRegister);
        Assert.Equal(["Bantian Huawei Base, Longgang District, Shenzhen, 518129, CN"], huawei.Addresses);
        Assert.Equal(["CN"], huawei.Countries);

        // Huawei's affiliates are listed under their own names: 136 rows, the policy as listed (with or without a
        // full stop), and one exception, as in the 2022 file.
        var affiliates = list.Entries.Where(e => e.List == "csl:EL" && e.PrimaryName.Contains("Huawei", StringComparison.Ordinal)).ToList();
        Assert.Equal(136, affiliates.Count);
        Assert.Equal(
            new Dictionary<string, int> { ["Presumption of denial"] = 99, ["Presumption of denial."] = 36, ["Case-by-case review."] = 1 },
            affiliates.GroupBy(a => a.LicensePolicy!).ToDictionary(g => g.Key, g => g.Count()));
        Assert.Equal("Case-by-case review.", Assert.Single(affiliates, a => a.PrimaryName == "Huawei Technologies Dusseldorf GmbH").LicensePolicy);
    }

    [Fact]
    public void AnSdnRowOf2022KeepsItsProgramsAndAliases()
    {
        var list = Reader.ReadFile(SharedData.Require(Full2022));

        var makki = Entry(list, "26860");
        Assert.Equal("csl:SDN", makki.List);
        Assert.Equal("'ABD AL-HAMID AL-ASADI, Makki Kazim", makki.PrimaryName);
        Assert.Equal(["IFSR", "IRGC", "SDGT"], makki.Programs);
        Assert.Equal([new("ABDUL HAMEED AL ASADI, Makki Kadhim", NameKind.Aka)], makki.Names.Skip(1));
        Assert.Equal(["IQ"], makki.Countries);
        Assert.Equal("(Linked To: ISLAMIC REVOLUTIONARY GUARD CORPS (IRGC)-QODS FORCE)", makki.Remarks);
    }

    [Fact]
    public void GzipIsRecognisedByItsMagicBytesNotItsName()
    {
        var plain = File.ReadAllBytes(SharedData.Require(Sample));
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(plain);
        }

        using var source = ListSource.FromBytes("named-like-plain.csv", compressed.ToArray());
        var list = Reader.Read(source);

        Assert.Equal(13, list.Entries.Count);
        Assert.Empty(list.Rejected);
    }

    [Fact]
    public void ATruncatedGzipFileIsAnInputErrorNotHalfAList()
    {
        // GZipStream itself ends quietly where a cut file ends; the reader checks the size in the gzip trailer.
        var bytes = File.ReadAllBytes(SharedData.Require(Full2022));

        var half = Assert.Throws<InputException>(() => Reader.Read(ListSource.FromBytes("consolidated.csv.gz", bytes[..(bytes.Length / 2)])));
        Assert.Equal("consolidated.csv.gz", half.File);
        Assert.Contains("the file is truncated", half.Problem);

        var noTrailer = Assert.Throws<InputException>(() => Reader.Read(ListSource.FromBytes("consolidated.csv.gz", bytes[..^8])));
        Assert.Contains("the file is truncated", noTrailer.Problem);
    }

    [Fact]
    public void ARowThatCannotBeReadIsRejectedWithItsLineAndFieldAndTheOthersGoThrough()
    {
        var lines = File.ReadAllLines(SharedData.Require(Sample));
        string Changed(int line, string from, string to)
        {
            Assert.Contains(from, lines[line - 1]);
            return lines[line - 1].Replace(from, to, StringComparison.Ordinal);
        }

        var csv = string.Join("\n",
        [
            .. lines, // lines 1-14: the header and the 13 real rows
            "\"x1\",\"Entity List (EL) - Bureau of Industry and Security\",\"\",\"\",\"\",\"Too Few Fields\"",         // 15
            Changed(3, "\"Atlas Sanatgaran\"", "\"  \""),                                                             // 16
            Changed(4, "\"2020-12-23\"", "\"23/12/2020\"").Replace("66f6ab3f", "66f6ab3e", StringComparison.Ordinal), // 17
            Changed(5, "\"Individual\"", "\"Person\""),                                                               // 18
            Changed(6, "Specially Designated Nationals (SDN) - Treasury Department", "Specially Designated Nationals"), // 19
            Changed(7, "\"Cesareo Estanislao Benitez\"", "\"Cesareo\"x"),                                             // 20
            Changed(9, "\"18300\",\"Sectoral", "\"\",\"Sectoral").Replace(",\"18300\",", ",\"\",", StringComparison.Ordinal), // 21
            Changed(12, "\"TNK Trading International S.A.\"", "\"TNK Trading International S.A. (copy)\""),           // 22: same _id, same list
        ]);

        var list = Reader.Read(ListSource.FromText("bad.csv", csv));

        Assert.Equal(13, list.Entries.Count);
        Assert.Equal(
            [
                ("bad.csv", 15, "row"),
                ("bad.csv", 16, "name"),
                ("bad.csv", 17, "start_date"),
                ("bad.csv", 18, "type"),
                ("bad.csv", 19, "source"),
                ("bad.csv", 20, "row"),
                ("bad.csv", 21, "_id"),
                ("bad.csv", 22, "_id"),
            ],
            list.Rejected.Select(r => (r.File, r.Line, r.Field)));
        Assert.Equal("has 6 fields, the header has 29", list.Rejected[0].Reason);
        Assert.Equal("'23/12/2020' is not a date (YYYY-MM-DD)", list.Rejected[2].Reason);
        Assert.Equal("'Person' is not Entity, Individual, Vessel or Aircraft", list.Rejected[3].Reason);
        Assert.Contains("no short code in parentheses", list.Rejected[4].Reason);
        Assert.Contains("malformed CSV", list.Rejected[5].Reason);
        Assert.Equal("is empty, and so is entity_number", list.Rejected[6].Reason);
        Assert.Equal("'28603' was already read for csl:SSI at line 12", list.Rejected[7].Reason);
    }

    [Fact]
    public void AFileWithoutTheCslHeaderOrWithoutRowsIsAnInputError()
    {
        var noName = Assert.Throws<InputException>(() => Reader.Read(ListSource.FromText("x.csv", "_id,source,title\n1,Entity List (EL),Dr\n")));
        Assert.Equal("name", noName.FieldPath);
        Assert.Equal(1, noName.Line);

        var empty = Assert.Throws<InputException>(() => Reader.Read(ListSource.FromText("empty.csv", "")));
        Assert.Contains("empty", empty.Problem);

        var headerOnly = File.ReadLines(SharedData.Require(Sample)).First();
        var none = Assert.Throws<InputException>(() => Reader.Read(ListSource.FromText("header-only.csv", headerOnly + "\n")));
        Assert.Contains("never imported", none.Problem);
    }

    [Theory]
    [InlineData("Entity List (EL) - Bureau of Industry and Security", "EL")]
    [InlineData("Specially Designated Nationals (SDN) - Treasury Department", "SDN")]
    [InlineData("Military End User (MEU) List - Bureau of Industry and Security", "MEU")]
    [InlineData("Non-SDN Menu-Based Sanctions List (NS-MBS List) - Treasury Department", "NS-MBS")]
    [InlineData("Non-SDN Chinese Military-Industrial Complex Companies List (CMIC) - Treasury Department", "CMIC")]
    [InlineData("Capta List (CAP) - Treasury Department", "CAP")]
    [InlineData("Specially Designated Nationals", null)]
    public void TheSubListIsTheCodeInParentheses(string source, string? code) => Assert.Equal(code, CslReader.SourceCode(source));
}
