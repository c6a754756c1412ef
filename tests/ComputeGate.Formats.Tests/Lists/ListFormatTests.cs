using ComputeGate.Domain;
using System.IO.Compression;
using System.Text;
using ComputeGate.Formats.Lists;

namespace ComputeGate.Formats.Tests.Lists;

/// <summary>Every real list file is recognised from its first bytes; anything else is a clear input error.</summary>
public class ListFormatTests
{
    [Theory]
    [InlineData("csl/consolidated_format_sample_2025.csv", "csl")]
    [InlineData("csl/consolidated_2022-05.csv.gz", "csl")]
    [InlineData("ofac/sdn_2024-07-02.csv", "ofac-sdn")]
    [InlineData("ofac/alt_2026-06.csv", "ofac-sdn")]
    [InlineData("ofac/add_2026-06.csv", "ofac-sdn")]
    [InlineData("ofac/cons_prim_2025-12.csv", "ofac-cons")]
    [InlineData("ofac/cons_alt_2025-12.csv", "ofac-cons")]
    [InlineData("ofac/cons_add_2025-12.csv", "ofac-cons")]
    [InlineData("ofac/cons_comments_2025-12.csv", "ofac-cons")]
    [InlineData("bis_2026/bis_entity_list.json", "simple-json")]
    [InlineData("bis_2026/bis_meu.json", "simple-json")]
    [InlineData("bis_2026/bis_dpl.json", "simple-json")]
    [InlineData("bis_2026/state_nonproliferation.json", "simple-json")]
    public void EveryRealListFileIsRecognised(string file, string format) =>
        Assert.Equal(format, ListFormat.DetectFile(SharedData.Require(file)));

    [Fact]
    public void GzipIsLookedInsideWhateverTheName()
    {
        var plain = File.ReadAllBytes(SharedData.Require("ofac/cons_prim_2025-12.csv"));
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(plain);
        }

        var bytes = compressed.ToArray();
        Assert.Equal("ofac-cons", ListFormat.Detect("cons_prim.csv.gz", bytes));
        Assert.Equal("ofac-cons", ListFormat.Detect("cons_prim.bin", bytes));
        Assert.Equal("ofac-cons", ListFormat.Detect("cons_prim.csv.gz", bytes.AsSpan(0, 200))); // only the start of the gzip stream
    }

    [Fact]
    public void TheFirstBytesAreEnough()
    {
        var sdn = File.ReadAllBytes(SharedData.Require("ofac/sdn_2024-07-02.csv"));
        Assert.Equal("ofac-sdn", ListFormat.Detect("sdn.csv", sdn.AsSpan(0, 200)));

        var withBom = "\uFEFF"u8.ToArray().Concat(File.ReadAllBytes(SharedData.Require("csl/consolidated_format_sample_2025.csv")).Take(500)).ToArray();
        Assert.Equal("csl", ListFormat.Detect("consolidated.csv", withBom));
    }

    [Theory]
    [InlineData("ai_chips/epoch_ml_hardware.csv", "'Hardware name,Manufacturer,Type,")] // a CSV, but not a list
    [InlineData("bis_2026/lists.json", "without \"list_id\" or \"entities\"")]          // the lists' metadata, not a list
    [InlineData("countries/countrynames_data.yaml", "not a list format ComputeGate reads")]
    public void AnythingElseIsAnInputErrorThatSaysWhatWasExpected(string file, string message)
    {
        var e = Assert.Throws<InputException>(() => ListFormat.DetectFile(SharedData.Require(file)));

        Assert.Equal(Path.GetFileName(file), e.File);
        Assert.Contains(message, e.Problem);
        Assert.Contains("expected the trade.gov CSL CSV", e.Problem);
    }

    [Fact]
    public void AnEmptyFileIsAnInputError()
    {
        Assert.Contains("empty", Assert.Throws<InputException>(() => ListFormat.Detect("x.csv", "  \r\n"u8)).Problem);
        Assert.Throws<InputException>(() => ListFormat.Detect("x.csv.gz", new byte[] { 0x1F, 0x8B, 0, 0 }));
        Assert.Throws<InputException>(() => ListFormat.Detect("orders.csv", Encoding.UTF8.GetBytes("id,date,item\n1,2024-01-01,x\n")));
    }
}
