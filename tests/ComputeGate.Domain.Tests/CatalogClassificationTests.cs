using ComputeGate.Domain.Classification;

namespace ComputeGate.Domain.Tests;

/// <summary>
/// Domain notes §5.3: every test-case chip, at a date in each regime, asserting ECCN and TPP
/// (§5.2). null = outside 3A090/4A090/4E091; "?" = undetermined (an unknown fact decides).
/// </summary>
public class CatalogClassificationTests
{
    public static TheoryData<string, string, string?, string?, string?> Chips => new()
    {
        // id, TPP, 2022 window, after 2023-11-17 (also after 2024-12-02 and in the Diffusion window), paragraph after 2023
        { "nvidia-a100-sxm", "4992", "3A090.a", "3A090.a", "3A090.a.1" },
        { "nvidia-a800-sxm", "4992", null, "3A090.a", "3A090.a.1" },
        { "nvidia-h100-sxm", "15831.2", "3A090.a", "3A090.a", "3A090.a.1" },
        { "nvidia-h100-pcie", "12104", "3A090.a", "3A090.a", "3A090.a.1" },
        { "nvidia-h800-sxm", "15831.2", null, "3A090.a", "3A090.a.1" },
        { "nvidia-h20", "2368", null, null, null },
        { "nvidia-h200", "15832", "3A090.a", "3A090.a", "3A090.a.1" },
        { "nvidia-b200", "36000", "3A090.a", "3A090.a", "3A090.a.1" },
        { "nvidia-l20", "1912", null, null, null },
        { "nvidia-l40", "2896.8", null, "3A090.b", "3A090.b.1" },
        { "nvidia-l40s", "5864", null, "3A090.a", "3A090.a.1" },
        { "nvidia-rtx-4090", "5284.8", null, "3A090.a", "3A090.a.1" },
        { "nvidia-rtx-4090d", "4706.8", null, null, null },
        { "nvidia-rtx-6000-ada", "5828", null, "3A090.a", "3A090.a.1" },
        { "nvidia-rtx-5090", "6704", null, "3A090.a", "3A090.a.1" },
        { "nvidia-rtx-5090d-v2", "4750", null, null, null },
        { "nvidia-rtx-pro-6000", "8000", null, "3A090.a", "3A090.a.1" }, // 4,000 FP4 sparse → 2,000 dense x 4; PCIe Gen5 128 GB/s < 600
        { "huawei-ascend-910b", "6016", null, "3A090.a", "3A090.a.1" }, // HCCS 392 GB/s (UNVERIFIED) < 600
        { "amd-mi250x", "6128", "3A090.a", "3A090.a", "3A090.a.1" },
        { "amd-mi300x", "20919.2", "3A090.a", "3A090.a", "3A090.a.1" },
        { "amd-mi325x", "20919.2", "?", "3A090.a", "3A090.a.1" }, // no I/O figure published: the 2022 test cannot be run
        { "intel-gaudi2", "6920", "3A090.a", "3A090.a", "3A090.a.1" },
        { "intel-gaudi3", "29360", "3A090.a", "3A090.a", "3A090.a.1" },
        { "huawei-ascend-910c", "12800", "3A090.a", "3A090.a", "3A090.a.1" },
        { "huawei-ascend-950pr", "6800", "?", "3A090.a", "3A090.a.1" },
    };

    [Theory]
    [MemberData(nameof(Chips))]
    public void ChipInEveryRegime(string id, string tpp, string? in2022, string? from2023, string? paragraph2023)
    {
        var item = Bundled.Catalog.Get(id);

        var before = Bundled.Classifier.Classify(item, Bundled.Before2022);
        Assert.Null(before.Eccn);
        Assert.Equal(ClassificationStatus.NotControlled, before.Status);
        Assert.Equal(decimal.Parse(tpp, System.Globalization.CultureInfo.InvariantCulture), before.Tpp);

        var w2022 = Bundled.Classifier.Classify(item, Bundled.Window2022);
        if (in2022 == "?")
        {
            Assert.Equal(ClassificationStatus.Undetermined, w2022.Status);
            Assert.Contains(w2022.Undetermined, u => u.Contains("I/O", StringComparison.Ordinal));
        }
        else
        {
            Assert.Equal(in2022, w2022.Eccn);
        }

        foreach (var date in new[] { Bundled.After2023, Bundled.After2024Dec, Bundled.Diffusion, Bundled.D("2026-11-01") })
        {
            var r = Bundled.Classifier.Classify(item, date);
            Assert.Equal(from2023, r.Eccn);
            Assert.Equal(paragraph2023, r.Paragraph);
            Assert.Equal(decimal.Parse(tpp, System.Globalization.CultureInfo.InvariantCulture), r.Tpp);
            Assert.NotEmpty(r.Citations);
            Assert.NotEmpty(r.Reasons);
        }
    }

    [Fact]
    public void Mi308xIsClassifiedOnlyWithItsUnverifiedFiguresShown()
    {
        // Domain §5.3: MI308X specs are UNVERIFIED; the catalog takes Epoch's figures and flags them.
        var r = Bundled.Classifier.Classify(Bundled.Catalog.Get("amd-mi308x"), Bundled.After2023);
        Assert.Equal("3A090.a", r.Eccn);
        Assert.Contains(r.Unverified, u => u.StartsWith("performance", StringComparison.Ordinal));
    }

    [Fact]
    public void H20SitsJustUnderEveryParagraphWithItsReasons()
    {
        var r = Bundled.Classifier.Classify(Bundled.Catalog.Get("nvidia-h20"), Bundled.D("2024-06-01"));
        Assert.Equal(ClassificationStatus.NotControlled, r.Status);
        Assert.Equal(2368m, r.Tpp);
        Assert.Equal(2368m / 814m, r.PerformanceDensity);
        Assert.Contains(r.Sensitivity, s => s.Contains("3A090.b.2") && s.Contains("740 mm²"));
        Assert.Contains(r.Sensitivity, s => s.Contains("3A090.b.1") && s.Contains("2,400") && s.Contains("32 more"));
    }

    [Fact]
    public void ControlledIcsNameTheZParagraphsFrom2023()
    {
        var r = Bundled.Classifier.Classify(Bundled.Catalog.Get("nvidia-l40"), Bundled.After2023);
        Assert.Contains(r.Notes, n => n.Contains("5A992.z") && n.Contains("3A001.z"));
        Assert.DoesNotContain(Bundled.Classifier.Classify(Bundled.Catalog.Get("nvidia-h100-sxm"), Bundled.Window2022).Notes, n => n.Contains(".z paragraph"));
        Assert.DoesNotContain(Bundled.Classifier.Classify(Bundled.Catalog.Get("nvidia-h20"), Bundled.After2023).Notes, n => n.Contains(".z paragraph"));
    }

    [Fact]
    public void Rtx4090IsControlledBecauseNote2StopsAt4800()
    {
        var r = Bundled.Classifier.Classify(Bundled.Catalog.Get("nvidia-rtx-4090"), Bundled.After2023);
        Assert.Contains(r.Reasons, s => s.Contains("Note 2 does not apply"));
        var d = Bundled.Classifier.Classify(Bundled.Catalog.Get("nvidia-rtx-4090d"), Bundled.After2023);
        Assert.Contains(d.Reasons, s => s.Contains("Note 2 to 3A090 puts it outside"));
    }

    [Fact]
    public void SparseVendorFiguresAreHalved()
    {
        // RTX 5090: "3,352 AI TOPS" is FP4 with sparsity → 1,676 dense x 4 bits = 6,704 (domain §5.2).
        var r = Bundled.Classifier.Classify(Bundled.Catalog.Get("nvidia-rtx-5090"), Bundled.After2023);
        Assert.Equal(6704m, r.Tpp);
        Assert.Contains(r.Reasons, s => s.Contains("halved"));
    }

    [Fact]
    public void Gaudi3TakesTheHighestPrecisionNotTheLowest()
    {
        var r = Bundled.Classifier.Classify(Bundled.Catalog.Get("intel-gaudi3"), Bundled.After2023);
        Assert.Equal(29360m, r.Tpp);
        Assert.Contains(r.TppPrecision, new[] { "fp16", "bf16" });
    }

    [Theory]
    [InlineData("nvidia-hgx-h100-8gpu", "4A090.a", "2024-01-15")]
    [InlineData("nvidia-hgx-h100-8gpu", "4A090.a", "2023-06-01")]
    [InlineData("nvidia-hgx-h20-8gpu", null, "2024-01-15")]
    [InlineData("huawei-cloudmatrix-384", "4A090.a", "2025-06-01")]
    [InlineData("nvidia-hgx-h100-8gpu", null, "2022-06-01")]
    public void ComputersTakeTheirMostControlledIc(string id, string? eccn, string date)
    {
        var r = Bundled.Classifier.Classify(Bundled.Catalog.Get(id), Bundled.D(date));
        Assert.Equal(eccn, r.Eccn);
        Assert.Equal("aggregate", r.TppPrecision);
    }

    [Fact]
    public void ComputerAggregatesTpp()
    {
        var r = Bundled.Classifier.Classify(Bundled.Catalog.Get("nvidia-hgx-h100-8gpu"), Bundled.After2023);
        Assert.Equal(8 * 15831.2m, r.Tpp);
    }

    [Theory]
    [InlineData("2024-12-01", null)]
    [InlineData("2024-12-02", "3A090.c")]
    [InlineData("2025-06-01", "3A090.c")]
    public void HbmStackFrom20241202(string date, string? eccn)
    {
        var r = Bundled.Classifier.Classify(Bundled.Catalog.Get("hbm3-stack"), Bundled.D(date));
        Assert.Equal(eccn, r.Eccn);
        Assert.NotNull(r.MemoryBandwidthDensity);
        Assert.NotEmpty(r.Unverified); // the stack's bandwidth and area are UNVERIFIED in the domain notes
    }

    [Fact]
    public void ClosedModelWeightsAre4E091AsWrittenWithEnforcementStatus()
    {
        var item = Bundled.Catalog.Get("example-closed-model-3e26");
        Assert.Null(Bundled.Classifier.Classify(item, Bundled.D("2025-01-12")).Eccn);
        var written = Bundled.Classifier.Classify(item, Bundled.D("2025-03-01"));
        Assert.Equal("4E091", written.Eccn);
        Assert.Null(written.Enforcement);
        var later = Bundled.Classifier.Classify(item, Bundled.D("2025-06-01"));
        Assert.Equal("4E091", later.Eccn);
        Assert.Contains("not enforced since 2025-05-13", later.Enforcement);
    }

    [Fact]
    public void PublishedWeightsAreNotControlledEvenWithUnknownTrainingOperations()
    {
        var r = Bundled.Classifier.Classify(Bundled.Catalog.Get("deepseek-r1-weights"), Bundled.Diffusion);
        Assert.Equal(ClassificationStatus.NotControlled, r.Status);
        Assert.Contains(r.Reasons, s => s.Contains("published"));
    }

    [Fact]
    public void DerivedFromPublishedWithinTheAllowanceIsExcluded()
    {
        // 1.2e26 total, 2.0e25 additional ≤ max(2.5e25, 25% x 1.2e26 = 3e25).
        var r = Bundled.Classifier.Classify(Bundled.Catalog.Get("example-derived-from-published"), Bundled.Diffusion);
        Assert.Equal(ClassificationStatus.NotControlled, r.Status);
    }

    [Fact]
    public void UnverifiedFiguresShowInTheExplanation()
    {
        var r = Bundled.Classifier.Classify(Bundled.Catalog.Get("nvidia-b200"), Bundled.After2023);
        Assert.Contains(r.Unverified, u => u.StartsWith("dies", StringComparison.Ordinal));
    }
}
