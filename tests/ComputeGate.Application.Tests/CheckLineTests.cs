using ComputeGate.Application.Checking;
using ComputeGate.Application.Lists;
using ComputeGate.Application.Screening;
using ComputeGate.Domain.Geography;
using ComputeGate.Domain.Licensing;
using ComputeGate.Store;

namespace ComputeGate.Application.Tests;

/// <summary>The CheckLine use case: decide, log, raise the review cases, screening each party once.</summary>
public sealed class CheckLineTests : IDisposable
{
    private readonly Scratch _dir = new();
    private readonly ReferenceData _reference = ReferenceData.Embedded();

    private (StoreSession Store, ListScreening Screening) StoreWithList()
    {
        var store = StoreSession.Open(Path.Combine(_dir.Path, "store.db"), TimeProvider.System);
        var file = _dir.Write("sdn.json", ListImportTests.SimpleList("Sugon Information Industry Co., Ltd."));
        new ImportList(store, TimeProvider.System).Run(new ImportList.Command(Upload.FromFile(file), null, _reference.Countries), ScreeningOptions.From(null));
        return (store, ListScreening.Load(store, _reference, ScreeningOptions.From(null), required: true));
    }

    private OrderLine Line(string? endUser, string? consignee) => new()
    {
        Id = "L1",
        Date = new DateOnly(2025, 6, 1),
        Item = _reference.ResolveItem("nvidia-h20"),
        Quantity = 8,
        Destination = new CountryCode("CN"),
        EndUser = endUser,
        EndUserHeadquarters = new CountryCode("CN"),
        Consignee = consignee,
    };

    [Fact]
    public async Task ALineIsScreenedOncePerPartyAndItsCasesComeFromThatScreening()
    {
        var (store, screening) = StoreWithList();
        using (store)
        {
            var before = screening.Screen!.Screenings;
            var result = await new CheckLine(screening, store, new DirectLineLog(store, "b-1"))
                .Run(new CheckLine.Command(Line("Sugon Information Industry Co Ltd", "Acme Logistics GmbH"), DecisionMode.AsEnforced, LicenceChoice.None, "test"));

            // Two parties (end user, consignee), two screenings: none again to log the line or raise its case.
            Assert.Equal(2, screening.Screen.Screenings - before);
            var screened = Assert.Single(result.Decision.Screened);
            Assert.Equal(("end user", "e-0"), (screened.Role, screened.Match.EntryId));
            var caseId = Assert.Single(result.ReviewCases);
            Assert.Equal("e-0", store.Cases.Get(caseId)!.EntryId);
            Assert.True(result.Logged);
            Assert.Single(store.Log.Read(new DateOnly(2000, 1, 1), DateOnly.FromDateTime(DateTime.UtcNow).AddDays(1)), r => r.BatchId == "b-1");
        }
    }

    [Fact]
    public async Task ALineWithoutPartiesIsNotScreenedAndRaisesNoCase()
    {
        var (store, screening) = StoreWithList();
        using (store)
        {
            var before = screening.Screen!.Screenings;
            var result = await new CheckLine(screening, store, new DirectLineLog(store, "b-2"))
                .Run(new CheckLine.Command(Line(null, null), DecisionMode.AsEnforced, LicenceChoice.None, "test"));
            Assert.Equal(0, screening.Screen.Screenings - before);
            Assert.Empty(result.ReviewCases);
            Assert.Empty(result.Decision.Screened);
        }
    }

    [Fact]
    public async Task AnEntityListEntryWithAnUnknownPolicyWordingGivesThoseWordsNotAGuessedPolicy()
    {
        using var store = StoreSession.Open(Path.Combine(_dir.Path, "el.db"), TimeProvider.System);
        var file = _dir.Write("el.json", """
            {"list_id":"bis-entity-list","count":1,"entities":[{"id":"el-9","name":"Example Compute Ltd.","country":"CN","effective_date":"2020-01-01",
              "license_requirement":"For all items subject to the EAR.","license_policy":"See section 744.23(d) of the EAR."}]}
            """);
        new ImportList(store, TimeProvider.System).Run(new ImportList.Command(Upload.FromFile(file), null, _reference.Countries), ScreeningOptions.From(null));
        var screening = ListScreening.Load(store, _reference, ScreeningOptions.From(null), required: true);
        var result = await new CheckLine(screening, store, new DirectLineLog(store, "b-3"))
            .Run(new CheckLine.Command(Line("Example Compute Ltd.", null), DecisionMode.AsEnforced, LicenceChoice.None, "test"));

        Assert.Equal(Verdict.LicenseRequired, result.Decision.Verdict);
        Assert.Null(result.Decision.ReviewPolicy);
        Assert.Contains("See section 744.23(d) of the EAR.", result.Decision.ReviewPolicyNote, StringComparison.Ordinal);
        Assert.DoesNotContain("bundled", result.Decision.ReviewPolicyNote, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnEntityListEntryIsListedFromItsRulesEffectiveDateNotItsPublicationDate()
    {
        // As the BIS extraction gives BAAI: no effective date, the citation "90 FR 14048, 3/28/25" (FR Doc 2025-05427,
        // effective 2025-03-25, published 2025-03-28). A line of 2025-03-26 was NLR when the publication date counted.
        using var store = StoreSession.Open(Path.Combine(_dir.Path, "baai.db"), TimeProvider.System);
        var file = _dir.Write("bis.json", """
            {"list_id":"bis-entity-list","count":1,"entities":[{"name":"Beijing Academy of Artificial Intelligence","aliases":["BAAI"],"country":"China",
              "effective_date":null,"federal_register":"90 FR 14048, 3/28/25","notes":"For all items subject to the EAR. (Se §§ 734.9(e)(2) and 744.11 of the EAR) 4"}]}
            """);
        new ImportList(store, TimeProvider.System).Run(new ImportList.Command(Upload.FromFile(file), null, _reference.Countries), ScreeningOptions.From(null));
        var screening = ListScreening.Load(store, _reference, ScreeningOptions.From(null), required: true);
        var line = Line("Beijing Academy of Artificial Intelligence", null) with { Date = new DateOnly(2025, 3, 26) }; // the H20 before its is-informed letter: NLR but for the party
        var result = await new CheckLine(screening, store, new DirectLineLog(store, "b-4"))
            .Run(new CheckLine.Command(line, DecisionMode.AsEnforced, LicenceChoice.None, "test"));

        Assert.Equal(Verdict.LicenseRequired, result.Decision.Verdict);
        Assert.Contains(result.Decision.Steps, s => s.Text.Contains("Entity List", StringComparison.Ordinal));
    }

    public void Dispose() => _dir.Dispose();
}
