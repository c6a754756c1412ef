using ComputeGate.Domain;
using ComputeGate.Domain.Screening;
using ComputeGate.Formats.Lists;

namespace ComputeGate.Formats.Tests.Lists;

/// <summary>
/// OFAC's legacy CSV files (issue "Screen parties"): the primary file joined with its aliases, addresses and
/// comments on ent_num; -0- is null; the closing 0x1A byte is not a row; rows that cannot be joined or read are
/// rejected with file, line and field.
/// </summary>
public class OfacLegacyReaderTests
{
    private static readonly OfacLegacyReader Reader = new();

    private static ParsedList Sdn() => Reader.ReadFiles(
        "sdn", SharedData.Require("ofac/sdn_2024-07-02.csv"), SharedData.Require("ofac/alt_2026-06.csv"), SharedData.Require("ofac/add_2026-06.csv"));

    private static ParsedList Cons() => Reader.ReadFiles(
        "cons", SharedData.Require("ofac/cons_prim_2025-12.csv"), SharedData.Require("ofac/cons_alt_2025-12.csv"),
        SharedData.Require("ofac/cons_add_2025-12.csv"), SharedData.Require("ofac/cons_comments_2025-12.csv"));

    private static ListEntry Entry(ParsedList list, string id) => Assert.Single(list.Entries, e => e.EntryId == id);

    [Fact]
    public void EverySdnRowIsAnEntryOfItsKind()
    {
        var sdn = Sdn();

        Assert.Equal("ofac-sdn", sdn.Format);
        Assert.Equal(15_443, sdn.Entries.Count);
        Assert.All(sdn.Entries, e => Assert.Equal("sdn", e.List));
        var kinds = sdn.Entries.GroupBy(e => e.Kind).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(
            new Dictionary<PartyKind, int> { [PartyKind.Entity] = 7_270, [PartyKind.Individual] = 6_927, [PartyKind.Vessel] = 872, [PartyKind.Aircraft] = 374 },
            kinds);
        Assert.DoesNotContain(sdn.Rejected, r => r.File == "sdn_2024-07-02.csv");
    }

    [Fact]
    public void TheClosingCtrlZByteIsNotARowNorPartOfTheLastEntry()
    {
        var path = SharedData.Require("ofac/sdn_2024-07-02.csv");
        Assert.Equal(0x1A, File.ReadAllBytes(path)[^1]);

        var sdn = Reader.ReadFiles("sdn", path);

        Assert.Empty(sdn.Rejected);
        var last = sdn.Entries[^1];
        Assert.Equal("49711", last.EntryId);
        Assert.Equal("XASTER CO., LIMITED", last.PrimaryName);
        Assert.EndsWith("Linked To: MINISTRY OF DEFENSE AND ARMED FORCES LOGISTICS.", last.Remarks);
        Assert.DoesNotContain(sdn.Entries, e => (e.Remarks ?? "").Contains('\u001A', StringComparison.Ordinal));
    }

    [Fact]
    public void DashZeroDashIsNullAndAnEntityHasNoSdnType()
    {
        var cuba = Entry(Sdn(), "36");

        Assert.Equal("AEROCARIBBEAN AIRLINES", cuba.PrimaryName);
        Assert.Equal(PartyKind.Entity, cuba.Kind); // SDN_Type "-0- "
        Assert.Null(cuba.Remarks);                 // Remarks "-0- "
        Assert.Equal(["CUBA"], cuba.Programs);
        Assert.Equal([new("AEROCARIBBEAN AIRLINES", NameKind.Primary), new("AERO-CARIBBEAN", NameKind.Aka)], cuba.Names);
        Assert.Equal(["Havana, Cuba"], cuba.Addresses); // address -0-, city "Havana", country "Cuba"
        Assert.Equal(["CU"], cuba.Countries);
    }

    [Fact]
    public void SeveralProgramsAreSplit()
    {
        var sdn = Sdn();

        var happiness = Entry(sdn, "15055");
        Assert.Equal("HAPPINESS I", happiness.PrimaryName);
        Assert.Equal(PartyKind.Vessel, happiness.Kind);
        Assert.Equal(["IRAN", "SDGT"], happiness.Programs);
        Assert.Equal(["SDGT", "IFSR"], Entry(sdn, "49711").Programs);
        Assert.Contains(sdn.Entries, e => e.Programs.Count >= 5);
    }

    [Fact]
    public void AnIndividualKeepsTheNameOrderAsWrittenAndGetsItsAliases()
    {
        var abbas = Entry(Sdn(), "2674");

        Assert.Equal(PartyKind.Individual, abbas.Kind);
        Assert.Equal([new("ABBAS, Abu", NameKind.Primary), new("ZAYDAN, Muhammad", NameKind.Aka)], abbas.Names);
        Assert.Equal(["SDGT"], abbas.Programs);
        Assert.Empty(abbas.Addresses); // OFAC's placeholder address row (all -0-) adds nothing
        Assert.Equal("DOB 10 Dec 1948; Director of PALESTINE LIBERATION FRONT - ABU ABBAS FACTION.", abbas.Remarks);
    }

    [Fact]
    public void AliasesKeepTheirKindAndAddressesTheirCountries()
    {
        var sdn = Sdn();

        var bank = Entry(sdn, "4642");
        Assert.Contains(new EntryName("IRAN OVERSEAS INVESTMENT BANK PLC", NameKind.Fka), bank.Names);
        Assert.Contains(new EntryName("IRAN OVERSEAS INVESTMENT CORPORATION LIMITED", NameKind.Fka), bank.Names);
        Assert.Contains(new EntryName("NUEVO CONTINENTE S.A.", NameKind.Nka), Entry(sdn, "8244").Names);

        var bnc = Entry(sdn, "306");
        Assert.Equal("Zweierstrasse 35, Zurich CH-8022, Switzerland", bnc.Addresses[0]);
        Assert.Equal(["CH", "ES", "JP", "PA"], bnc.Countries);
        Assert.Equal("a.k.a. 'BNC'.", bnc.Remarks); // an alias OFAC keeps in Remarks only: not made a name
    }

    [Fact]
    public void AliasAndAddressRowsOfEntriesNotInThePrimaryFileAreRejected()
    {
        var sdn = Sdn();

        // shared/data/README.md: alt.csv and add.csv (June 2026) are newer than sdn.csv (July 2024); 17,885 of 20,260 alias
        // rows and 19,784 of 24,776 address rows join.
        Assert.Equal(20_260 - 17_885, sdn.Rejected.Count(r => r.File == "alt_2026-06.csv"));
        Assert.Equal(24_776 - 19_784, sdn.Rejected.Count(r => r.File == "add_2026-06.csv"));
        Assert.All(sdn.Rejected, r => Assert.Equal("ent_num", r.Field));

        // Gazprombank (17016) was on the non-SDN lists in July 2024 and on the SDN list by 2026.
        var gazprombank = sdn.Rejected.First(r => r.File == "alt_2026-06.csv");
        Assert.Equal(5_795, gazprombank.Line);
        Assert.StartsWith("17016 is not in sdn_2024-07-02.csv", gazprombank.Reason);
        Assert.Equal(20_260, sdn.Rejected.Last(r => r.File == "alt_2026-06.csv").Line);
    }

    [Fact]
    public void TheConsolidatedListJoinsAllFourFilesAndAppendsTheRemarksOverflow()
    {
        var cons = Cons();

        Assert.Equal("ofac-cons", cons.Format);
        Assert.Equal(442, cons.Entries.Count);
        Assert.Empty(cons.Rejected);
        Assert.Equal(79, cons.Entries.Count(e => e.Kind == PartyKind.Individual));
        Assert.Equal(363, cons.Entries.Count(e => e.Kind == PartyKind.Entity));

        var haniya = Entry(cons, "9639");
        Assert.Equal("HANIYA, Ismail Abdul Salah", haniya.PrimaryName);
        Assert.Equal(["NS-PLC"], haniya.Programs);
        Assert.Equal(["HANIYA, Ismail", "HANIYYA, Ismaeel"], haniya.Names.Skip(1).Take(2).Select(n => n.Name));

        // OFAC cut Remarks at 1,000 characters mid-word ("...Registration Numbe"); the comment row goes on ("r 1027700342890").
        var overflow = Entry(cons, "17014");
        Assert.True(overflow.Remarks!.Length > 1_000);
        Assert.Contains("Registration Number 1027700342890 (Russia); For more information on directives", overflow.Remarks);
        Assert.Equal(10, cons.Entries.Count(e => e.Remarks?.Length > 1_000));
        Assert.Contains(["UKRAINE-EO13662", "RUSSIA-EO14024"], cons.Entries.Select(e => e.Programs));
    }

    // Real rows of sdn_2024-07-02.csv and alt_2026-06.csv, some changed; OFAC's line ends and closing byte.
    private const string PrimaryRows =
        "36,\"AEROCARIBBEAN AIRLINES\",-0- ,\"CUBA\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n" +
        "173,\"ANGLO-CARIBBEAN CO., LTD.\",-0- ,\"CUBA\",-0- ,-0- ,-0- ,-0- \r\n" +                                              // 2: 8 fields
        "x306,\"BANCO NACIONAL DE CUBA\",-0- ,\"CUBA\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,\"a.k.a. 'BNC'.\"\r\n" +               // 3: ent_num
        "2674,\"ABBAS, Abu\",\"person\",\"SDGT\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n" +                                // 4: SDN_Type
        "36,\"AEROCARIBBEAN AIRLINES\",-0- ,\"CUBA\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n" +                             // 5: again
        "424,-0- ,-0- ,\"CUBA\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n" +                                                  // 6: no name
        "15055,\"HAPPINESS I\",\"vessel\",\"IRAN] [SDGT\",-0- ,\"T2ER4\",\"Crude Oil Tanker\",\"299,214\",\"160,930\",\"Iran\",-0- ,-0- \r\n";

    [Fact]
    public void ARowThatCannotBeReadIsRejectedWithItsLineAndFieldAndTheOthersGoThrough()
    {
        var alt = "36,12,\"aka\",\"AERO-CARIBBEAN\",-0- \r\n36,13,\"alias\",\"AEROCARIBE\",-0- \r\n15055,14,\"weak aka\",\"HAPPY ONE\",-0- \r\n\u001A";
        var list = Reader.Read("sdn", ListSource.FromText("sdn.csv", PrimaryRows + "\u001A"), ListSource.FromText("alt.csv", alt));

        Assert.Equal(["36", "15055"], list.Entries.Select(e => e.EntryId));
        Assert.Equal(
            [
                ("sdn.csv", 2, "row"), ("sdn.csv", 3, "ent_num"), ("sdn.csv", 4, "SDN_Type"), ("sdn.csv", 5, "ent_num"), ("sdn.csv", 6, "SDN_Name"),
                ("alt.csv", 2, "alt_type"),
            ],
            list.Rejected.Select(r => (r.File, r.Line, r.Field)));
        Assert.Equal("has 8 fields; this OFAC file has 12", list.Rejected[0].Reason);
        Assert.Equal("36 was already read at line 1", list.Rejected[3].Reason);
        Assert.Equal("'alias' is not aka, fka, nka or weak aka", list.Rejected[5].Reason);
        Assert.Equal(new EntryName("HAPPY ONE", NameKind.WeakAka), list.Entries[1].Names[1]);
    }

    [Theory]
    [InlineData("")]           // no closing byte
    [InlineData("\u001A")]     // on a line of its own, as OFAC publishes
    public void TheClosingByteMayBeThereOrNot(string end)
    {
        var list = Reader.Read("sdn", ListSource.FromText("sdn.csv", PrimaryRows + end));

        Assert.Equal(2, list.Entries.Count);
        Assert.Equal(5, list.Rejected.Count);
    }

    [Fact]
    public void TheClosingByteRightAfterTheLastFieldIsDroppedToo()
    {
        var list = Reader.Read("sdn", ListSource.FromText("sdn.csv", "36,\"AEROCARIBBEAN AIRLINES\",-0- ,\"CUBA\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \u001A"));

        Assert.Null(Assert.Single(list.Entries).Remarks);
        Assert.Empty(list.Rejected);
    }

    [Fact]
    public void APrimaryFileWithoutAReadableRowIsAnInputError()
    {
        var e = Assert.Throws<InputException>(() => Reader.Read("cons", ListSource.FromText("cons_prim.csv", "\u001A")));
        Assert.Equal("cons_prim.csv", e.File);
        Assert.Throws<ArgumentException>(() => Reader.Read("ofac", ListSource.FromText("x.csv", PrimaryRows)));
    }
}
