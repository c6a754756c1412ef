using ComputeGate.Domain.Geography;
using ComputeGate.Domain.Items;
using ComputeGate.Domain.Law;
using ComputeGate.Domain.Licensing;
using ComputeGate.Domain.Parties;
using static ComputeGate.Domain.Tests.Bundled;

namespace ComputeGate.Domain.Tests;

/// <summary>
/// The order-decision rules at dates on both sides of each change (issue: decide order lines). Every
/// line uses a real catalog item; the expected verdicts are those of the domain notes (§2, §3, §5.3).
/// </summary>
public class OrderDecisionTests
{
    private const string Acme = "Acme Compute Ltd.";

    private static readonly PartyList Parties = new("entity-list", "BIS Entity List (test sample)", "test-sample",
    [
        new ListedParty("huawei-technologies", "Huawei Technologies Co., Ltd.", ["Huawei"], new CountryCode("CN"), "Shenzhen", D("2019-05-16"),
            ["84 FR 22961, 5/21/19"], "For all items subject to the EAR.", ReviewPolicy.PresumptionOfDenial, null, [1], null),
    ]);

    private static readonly OrderLineDecider Decider = new(Book, Parties, "test");

    internal static OrderLine Line(string item, string destination, string date, string? hq = "same", string? exporter = "NVIDIA",
        string? endUser = Acme, string? located = null, int quantity = 10, string? shipFrom = null, Item? itemObject = null) => new()
    {
        Id = "L1",
        Date = D(date),
        Item = itemObject ?? Catalog.Get(item),
        Quantity = quantity,
        Destination = new CountryCode(destination),
        EndUser = endUser,
        EndUserCountry = located is null ? null : new CountryCode(located),
        EndUserHeadquarters = hq switch { null => null, "same" => new CountryCode(located ?? destination), _ => new CountryCode(hq) },
        Exporter = exporter,
        UnitValueUsd = 1000m,
        ShipFrom = shipFrom is null ? null : new CountryCode(shipFrom),
    };

    internal static Decision Decide(OrderLine line, DecisionMode mode = DecisionMode.AsEnforced, IReadOnlyList<HeldLicense>? licenses = null) =>
        new OrderBookDecider(Decider, Classifier, mode, licenses ?? []).Decide(line);

    private static Decision Decide(string item, string destination, string date, string? hq = "same", string? exporter = "NVIDIA", string? endUser = Acme, string? located = null) =>
        Decide(Line(item, destination, date, hq, exporter, endUser, located));

    [Theory]
    [InlineData("SA")]
    [InlineData("AE")]
    [InlineData("VN")]
    public void H100ToThe2023GeographyNeedsALicenceIn2024(string destination)
    {
        var d = Decide("nvidia-h100-sxm", destination, "2024-06-01");
        Assert.Equal(Verdict.LicenseRequired, d.Verdict);
        Assert.Equal("3A090.a", d.Eccn);
        Assert.Null(d.LicenseException);
        // D:1/D:4 destinations not in D:5: presumption of approval (UNVERIFIED wording, flagged).
        Assert.Equal(ReviewPolicy.PresumptionOfApproval, d.ReviewPolicy);
        Assert.Contains(d.Unverified, u => u.Contains("742.6(b)(10)", StringComparison.Ordinal) || u.Contains("p-190", StringComparison.Ordinal));
        Assert.Contains(d.Citations, c => c.Contains("742.6(a)(6)(iii)", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("IL")] // D:4 but A:6
    [InlineData("DE")]
    [InlineData("IN")] // A:5
    public void H100OutsideTheGeographyIsNlrIn2024(string destination)
    {
        var d = Decide("nvidia-h100-sxm", destination, "2024-06-01");
        Assert.Equal(Verdict.Nlr, d.Verdict);
        Assert.Contains(d.Reasons, r => r.Contains("outside", StringComparison.Ordinal));
    }

    [Fact]
    public void NicaraguaEntersTheGeographyOn20240315()
    {
        Assert.Equal(Verdict.Nlr, Decide("nvidia-h100-sxm", "NI", "2024-03-14").Verdict);
        var after = Decide("nvidia-h100-sxm", "NI", "2024-03-15");
        Assert.Equal(Verdict.LicenseRequired, after.Verdict);
        Assert.Equal(ReviewPolicy.PresumptionOfDenial, after.ReviewPolicy); // D:5 from the same day
        Assert.Contains(after.Reasons, r => r.Contains("NI is in D:1, D:5", StringComparison.Ordinal));
    }

    [Fact]
    public void H20ToChinaByNvidiaIsNlrBeforeTheApril2025LetterAndLicensedAfter()
    {
        var before = Decide("nvidia-h20", "CN", "2024-06-01");
        Assert.Equal(Verdict.Nlr, before.Verdict);
        Assert.Null(before.Eccn);

        var after = Decide("nvidia-h20", "CN", "2025-04-20");
        Assert.Equal(Verdict.LicenseRequired, after.Verdict);
        Assert.Contains(after.Citations, c => c.Contains("8-K filed 2025-04-15", StringComparison.Ordinal));
        Assert.Null(after.ReviewPolicy);
        Assert.Equal("not stated (is-informed letter)", after.ReviewPolicyNote);
    }

    [Fact]
    public void H20LetterCoversAChineseHeadquarteredEndUserAbroadAndBindsOnlyNvidia()
    {
        Assert.Equal(Verdict.LicenseRequired, Decide("nvidia-h20", "MY", "2025-04-20", hq: "CN").Verdict);
        var distributor = Decide("nvidia-h20", "CN", "2025-04-20", exporter: "Acme Distribution GmbH");
        Assert.Equal(Verdict.Nlr, distributor.Verdict);
        Assert.Contains(distributor.Reasons, r => r.Contains("binds NVIDIA Corporation only", StringComparison.Ordinal));
    }

    [Fact]
    public void ALineALetterCoversWithNoExporterIsReviewNotNlr()
    {
        var d = Decide("nvidia-h20", "CN", "2025-04-20", exporter: null);
        Assert.Equal(Verdict.Review, d.Verdict);
        Assert.Contains(d.Reasons, r => r.Contains("exporter is not given", StringComparison.Ordinal));
    }

    [Fact]
    public void A100ToMacauNeedsALicenceFrom20230117()
    {
        Assert.Equal(Verdict.Nlr, Decide("nvidia-a100-sxm", "MO", "2022-12-01").Verdict);
        var after = Decide("nvidia-a100-sxm", "MO", "2023-02-01");
        Assert.Equal(Verdict.LicenseRequired, after.Verdict);
        Assert.Contains(after.Citations, c => c.Contains("88 FR 2821", StringComparison.Ordinal));
    }

    [Fact]
    public void A100ToRussiaIn2022NeedsALicenceOnlyUnderTheAugust2022Letter()
    {
        var byNvidia = Decide("nvidia-a100-sxm", "RU", "2022-09-01");
        Assert.Equal(Verdict.LicenseRequired, byNvidia.Verdict);
        Assert.Contains(byNvidia.Citations, c => c.Contains("8-K filed 2022-08-31", StringComparison.Ordinal));
        Assert.Equal(Verdict.Nlr, Decide("nvidia-a100-sxm", "RU", "2022-08-25").Verdict);
    }

    [Fact]
    public void Rtx4090ToChinaUsesNacWithNotification()
    {
        var d = Decide("nvidia-rtx-4090", "CN", "2024-06-01");
        Assert.Equal(Verdict.LicenseException, d.Verdict);
        Assert.Equal("NAC", d.LicenseException);
        Assert.True(d.NotificationRequired);
        Assert.Equal("3A090.a", d.Eccn);
    }

    [Theory]
    [InlineData("2024-06-01", "ACA")]
    [InlineData("2024-01-15", "NAC")] // before the 2024-04-04 split: NAC without notification
    public void L40ToVietnamUsesTheExceptionWithoutNotification(string date, string exception)
    {
        var d = Decide("nvidia-l40", "VN", date);
        Assert.Equal(Verdict.LicenseException, d.Verdict);
        Assert.Equal(exception, d.LicenseException);
        Assert.False(d.NotificationRequired);
        Assert.Equal("3A090.b", d.Eccn);
    }

    [Fact]
    public void A800ToChinaIsNlrUnderThe2022RuleAndNeedsALicenceFrom20231117()
    {
        Assert.Equal(Verdict.Nlr, Decide("nvidia-a800-sxm", "CN", "2023-06-01").Verdict);
        Assert.Equal(Verdict.LicenseRequired, Decide("nvidia-a800-sxm", "CN", "2023-11-17").Verdict);
    }

    [Fact]
    public void TheOctober2023NoticeBringsThe2023RuleForwardForNvidiaOnly()
    {
        var nvidia = Decide("nvidia-a800-sxm", "SA", "2023-10-25");
        Assert.Equal(Verdict.LicenseRequired, nvidia.Verdict);
        Assert.Contains(nvidia.Citations, c => c.Contains("8-K filed 2023-10-24", StringComparison.Ordinal));
        Assert.Equal(Verdict.Nlr, Decide("nvidia-a800-sxm", "SA", "2023-10-22").Verdict);
        Assert.Equal(Verdict.Nlr, Decide("nvidia-a800-sxm", "SA", "2023-10-25", exporter: "Dell Technologies Inc.").Verdict);
    }

    [Fact]
    public void AChineseHeadquarteredEndUserInMalaysiaNeedsALicence()
    {
        var d = Decide("nvidia-h100-sxm", "MY", "2024-06-01", hq: "CN");
        Assert.Equal(Verdict.LicenseRequired, d.Verdict);
        Assert.Equal(ReviewPolicy.PresumptionOfDenial, d.ReviewPolicy);
        Assert.Contains(d.Citations, c => c.Contains("744.23(a)(3)", StringComparison.Ordinal));
        Assert.Equal(Verdict.Nlr, Decide("nvidia-h100-sxm", "MY", "2024-06-01", hq: "MY").Verdict);
    }

    [Fact]
    public void UnknownHeadquartersOutsideTheGeographyIsReviewNeverNlr()
    {
        var d = Decide("nvidia-h100-sxm", "MY", "2024-06-01", hq: null);
        Assert.Equal(Verdict.Review, d.Verdict);
        Assert.Contains(d.Reasons, r => r.Contains("headquarters not given", StringComparison.Ordinal));
    }

    [Fact]
    public void HongKongIsChinaForTheEar()
    {
        var d = Decide("nvidia-h100-sxm", "HK", "2024-06-01");
        Assert.Equal(Verdict.LicenseRequired, d.Verdict);
        Assert.Equal(ReviewPolicy.PresumptionOfDenial, d.ReviewPolicy);
        Assert.Contains(d.Reasons, r => r.Contains("HK is treated as CN", StringComparison.Ordinal));
    }

    [Fact]
    public void AsWrittenOn20250601IndiaGetsLppUntilTheAllowanceIsUsedUp()
    {
        var book = new OrderBookDecider(Decider, Classifier, DecisionMode.AsWritten, []);
        // 26,900,000 / 15,831.2 = 1,699.2 H100 per consignee per year.
        var first = book.Decide(Line("nvidia-h100-sxm", "IN", "2025-06-01", quantity: 1_000));
        Assert.Equal(Verdict.LicenseException, first.Verdict);
        Assert.Equal("LPP", first.LicenseException);
        var second = book.Decide(Line("nvidia-h100-sxm", "IN", "2025-06-01", quantity: 699));
        Assert.Equal(Verdict.LicenseException, second.Verdict);
        var third = book.Decide(Line("nvidia-h100-sxm", "IN", "2025-06-01", quantity: 1));
        Assert.Equal(Verdict.LicenseRequired, third.Verdict);
        Assert.Contains(third.Reasons, r => r.Contains("exceeded", StringComparison.Ordinal));
        // Another calendar year starts a new allowance.
        Assert.Equal("LPP", book.Decide(Line("nvidia-h100-sxm", "IN", "2026-01-02", quantity: 1)).LicenseException);
        // As enforced, the same line is NLR (India is A:5).
        Assert.Equal(Verdict.Nlr, Decide(Line("nvidia-h100-sxm", "IN", "2025-06-01")).Verdict);
    }

    [Fact]
    public void AsWrittenTheChineseHeadquarteredEndUserInMalaysiaIsTier3()
    {
        var d = Decide(Line("nvidia-h100-sxm", "MY", "2025-06-01", hq: "CN"), DecisionMode.AsWritten);
        Assert.Equal(Verdict.LicenseRequired, d.Verdict);
        Assert.Equal(ReviewPolicy.PresumptionOfDenial, d.ReviewPolicy);
    }

    [Fact]
    public void AsWrittenTier1EndUsersGetAia()
    {
        var d = Decide(Line("nvidia-h100-sxm", "DE", "2025-06-01"), DecisionMode.AsWritten);
        Assert.Equal(Verdict.LicenseException, d.Verdict);
        Assert.Equal("AIA", d.LicenseException);
    }

    [Fact]
    public void ClosedModelWeightsIn2025AreNlrAsEnforcedAndNeedALicenceAsWritten()
    {
        var enforced = Decide(Line("example-closed-model-3e26", "CN", "2025-06-01"));
        Assert.Equal(Verdict.Nlr, enforced.Verdict);
        Assert.Equal("4E091", enforced.Eccn);
        Assert.Contains(enforced.Reasons, r => r.Contains("not applied", StringComparison.Ordinal));
        var written = Decide(Line("example-closed-model-3e26", "CN", "2025-06-01"), DecisionMode.AsWritten);
        Assert.Equal(Verdict.LicenseRequired, written.Verdict);
        Assert.Equal(ReviewPolicy.PresumptionOfDenial, written.ReviewPolicy);
    }

    [Fact]
    public void HbmToChinaNeedsALicenceFrom20241202AndTheHbmExceptionNeedsDensityBelow3Point3()
    {
        Assert.Equal(Verdict.Nlr, Decide("hbm3-stack", "CN", "2024-11-01").Verdict);
        var d = Decide("hbm3-stack", "CN", "2025-01-10");
        Assert.Equal("3A090.c", d.Eccn);
        Assert.Equal(Verdict.LicenseRequired, d.Verdict); // 819 / 121 = 6.77 ≥ 3.3
        var low = new HbmStack("low-density HBM") { MemoryBandwidthGBps = 300m, PackageAreaMm2 = 100m };
        var le = Decide(Line("", "CN", "2025-01-10", itemObject: low));
        Assert.Equal(Verdict.LicenseException, le.Verdict);
        Assert.Equal("HBM", le.LicenseException);
        Assert.Equal(Verdict.Nlr, Decide("hbm3-stack", "VN", "2025-01-10").Verdict); // .c geography is D:5 + Macau only
    }

    [Fact]
    public void EntityListPartiesNeedALicenceForAnyItemWithNoExceptions()
    {
        var d = Decide("nvidia-h20", "CN", "2024-06-01", endUser: "HUAWEI TECHNOLOGIES CO LTD");
        Assert.Equal(Verdict.LicenseRequired, d.Verdict);
        Assert.Equal(ReviewPolicy.PresumptionOfDenial, d.ReviewPolicy);
        Assert.Contains(d.Citations, c => c.Contains("84 FR 22961", StringComparison.Ordinal));
        var nac = Decide("nvidia-rtx-4090", "CN", "2024-06-01", endUser: "Huawei Technologies Company Limited");
        Assert.Equal(Verdict.LicenseRequired, nac.Verdict);
        Assert.Null(nac.LicenseException);
        // Not yet listed before 2019-05-16 (no 3A090 then, so NLR).
        Assert.Equal(Verdict.Nlr, Decide("nvidia-h20", "CN", "2019-05-15", endUser: "Huawei Technologies Co., Ltd.").Verdict);
    }

    [Theory]
    [InlineData("HUAWEI TECH\u200BNOLOGIES CO LTD")] // zero-width space
    [InlineData("HUAWEI TECH\u00ADNOLOGIES CO LTD")] // soft hyphen
    [InlineData("HUAWEI TECH\0NOLOGIES CO LTD")] // NUL
    [InlineData("\uFEFFHUAWEI TECHNOLOGIES CO LTD")] // byte-order mark
    [InlineData("HUA\u202EWEI\u202C TECHNOLOGIES CO LTD")] // bidi override and pop
    [InlineData("HUAWEI\u2060 TECHNOLOGIES\u200D CO LTD")] // word joiner, zero-width joiner
    [InlineData("HUAWEI TECHNOLOGIES\U000E0041 CO LTD")] // a tag character (outside the BMP)
    public void InvisibleCharactersDoNotHideAnEntityListParty(string endUser)
    {
        var d = Decide("nvidia-h20", "CN", "2024-06-01", endUser: endUser);
        Assert.Equal(Verdict.LicenseRequired, d.Verdict);
        Assert.Contains(d.Citations, c => c.Contains("84 FR 22961", StringComparison.Ordinal));
        Assert.DoesNotContain(d.Steps, s => s.Text.Contains("not on the", StringComparison.OrdinalIgnoreCase) && s.Stage == "parties");
    }

    [Fact]
    public void APartyNotFoundIsSaidToBeNotAmongTheEntriesScreenedNotOffTheList()
    {
        var d = Decide("nvidia-h20", "CN", "2024-06-01", endUser: "Example Compute Ltd.");
        var step = Assert.Single(d.Steps, s => s.Stage == "parties");
        Assert.Contains("bundled entries of the BIS Entity List", step.Text, StringComparison.Ordinal);
        Assert.Contains("no loaded list was screened", step.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("not on the", step.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Ascend910BAfterTheGp10GuidanceIsReviewAnywhere()
    {
        var d = Decide("huawei-ascend-910b", "DE", "2025-06-01");
        Assert.Equal(Verdict.Review, d.Verdict);
        Assert.Contains(d.Citations, c => c.Contains("General Prohibition 10", StringComparison.Ordinal));
        Assert.Equal(Verdict.Review, Decide("huawei-cloudmatrix-384", "DE", "2025-06-01").Verdict); // contains 910C
    }

    [Fact]
    public void EmbargoedDestinationsAndMissingEndUsersAreReview()
    {
        Assert.Equal(Verdict.Review, Decide("nvidia-h20", "IR", "2024-06-01").Verdict);
        Assert.Equal(Verdict.Review, Decide("nvidia-h100-sxm", "DE", "2024-06-01", endUser: null).Verdict);
    }

    [Fact]
    public void TheJanuary2026PolicyIsCaseByCaseForExportsFromTheUsBelowTheParameters()
    {
        var fromUs = Decide(Line("nvidia-h200", "CN", "2026-02-01", shipFrom: "US"));
        Assert.Equal(ReviewPolicy.CaseByCase, fromUs.ReviewPolicy);
        var unknownOrigin = Decide(Line("nvidia-h200", "CN", "2026-02-01"));
        Assert.Equal(ReviewPolicy.PresumptionOfDenial, unknownOrigin.ReviewPolicy);
        Assert.Contains("origin is not given", unknownOrigin.ReviewPolicyNote, StringComparison.Ordinal);
        var b200 = Decide(Line("nvidia-b200", "CN", "2026-02-01", shipFrom: "US"));
        Assert.Equal(ReviewPolicy.PresumptionOfDenial, b200.ReviewPolicy); // TPP 36,000 ≥ 21,000
        Assert.Equal(ReviewPolicy.PresumptionOfDenial, Decide(Line("nvidia-h200", "CN", "2026-01-14", shipFrom: "US")).ReviewPolicy);
    }

    [Fact]
    public void AnUndeterminedClassificationIsDecidedPerPossibleParagraph()
    {
        // Ascend 910: die area unpublished, so not controlled, 3A090.b.1 or 3A090.a.2 (a datacenter IC).
        var d = Decide("huawei-ascend-910", "CN", "2024-06-01", exporter: "Example Broker Ltd.");
        Assert.Equal(Verdict.Review, d.Verdict);
        Assert.Contains("If 3A090.b.1: LICENSE_EXCEPTION NAC (notification).", d.Reasons);
        Assert.Contains("If 3A090.a.2: LICENSE_REQUIRED (presumption of denial).", d.Reasons);
        // To Germany every possible paragraph gives NLR, so it is decided.
        var de = Decide("huawei-ascend-910", "DE", "2024-06-01", exporter: "Example Broker Ltd.");
        Assert.Equal(Verdict.Nlr, de.Verdict);
        Assert.Contains(de.Reasons, r => r.Contains("every possible paragraph", StringComparison.Ordinal));
    }

    [Fact]
    public void EveryDecisionCarriesItsProvenance()
    {
        var d = Decide("nvidia-h100-sxm", "SA", "2024-06-01");
        Assert.Equal(Book.Version, d.Provenance!.RuleSet);
        Assert.Equal("test-sample", d.Provenance.ListSnapshot);
        Assert.Equal(D("2024-06-01"), d.Provenance.Date);
        Assert.Equal(DecisionMode.AsEnforced, d.Provenance.Mode);
    }
}
