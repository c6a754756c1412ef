using ComputeGate.Domain;
using ComputeGate.Domain.Items;
using ComputeGate.Formats;

namespace ComputeGate.Formats.Tests;

/// <summary>Item files: every error names the file and the field path; no silent defaults.</summary>
public class ItemReaderTests
{
    private static readonly Catalog Catalog = Catalog.Embedded();
    private static Item Read(string text) => new ItemReader(Catalog.Find).Read("chip.yaml", text);

    private static InputException Fails(string text) => Assert.Throws<InputException>(() => Read(text));

    private const string Good = """
        name: Test accelerator
        type: integrated-circuit
        datacenter: true
        performance:
          - { precision: fp16, tops: 148 }
          - { precision: fp8, tops: 296 }
        dies: [{ area_mm2: 814, non_planar: true }]
        interconnect_gbps: 900
        memory_bandwidth_gbps: 4000
        """;

    [Fact]
    public void ReadsAWellFormedIntegratedCircuit()
    {
        var ic = Assert.IsType<IntegratedCircuit>(Read(Good));
        Assert.Equal(2, ic.Performance.Count);
        Assert.Equal(8, ic.Performance[1].Precision.Bits);
        Assert.Equal(814m, ic.Dies![0].AreaMm2);
        Assert.Equal(900m, ic.InterconnectGBps);
    }

    [Fact]
    public void ReadsJsonToo()
    {
        var item = Read("""{"name": "j", "type": "hbm", "memory_bandwidth_gbps": 819, "package_area_mm2": 121}""");
        Assert.Equal(819m, Assert.IsType<HbmStack>(item).MemoryBandwidthGBps);
    }

    [Theory]
    [InlineData("tops: 296", "tops: -296", "performance[1].tops", "more than zero")]
    [InlineData("tops: 296", "tops: lots", "performance[1].tops", "not a number")]
    [InlineData("precision: fp8", "precision: fp6", "performance[1].precision", "unknown precision 'fp6'")]
    [InlineData("area_mm2: 814", "area_mm2: 0", "dies[0].area_mm2", "more than zero")]
    [InlineData("datacenter: true", "datacenter: maybe", "datacenter", "not true or false")]
    [InlineData("type: integrated-circuit", "type: gpu", "type", "unknown type")]
    [InlineData("interconnect_gbps: 900", "interconect_gbps: 900", "interconect_gbps", "unknown field")]
    [InlineData("name: Test accelerator\n", "", "name", "required field is missing")]
    public void BadFieldsAreNamedByPath(string replace, string with, string path, string problem)
    {
        var e = Fails(Good.Replace(replace, with));
        Assert.Equal("chip.yaml", e.File);
        Assert.Equal(path, e.FieldPath);
        Assert.Contains(problem, e.Problem);
        Assert.StartsWith("chip.yaml:", e.Message);
    }

    [Fact]
    public void YamlSyntaxErrorNamesTheLine()
    {
        var e = Fails("name: x\ntype: [integrated-circuit\nperformance: 1\n");
        Assert.Contains("YAML syntax error", e.Problem);
        Assert.Equal("chip.yaml", e.File);
    }

    [Fact]
    public void BitsInsteadOfPrecision()
    {
        var ic = Assert.IsType<IntegratedCircuit>(Read("name: x\ntype: integrated-circuit\nperformance: [{bits: 6, tops: 100}]\n"));
        Assert.Equal(600m, ic.Performance[0].Tpp);
    }

    [Fact]
    public void ContradictoryBitsAreAnError() =>
        Assert.Equal("performance[0].bits", Fails("name: x\ntype: integrated-circuit\nperformance: [{precision: fp8, bits: 16, tops: 1}]\n").FieldPath);

    [Fact]
    public void ComputerComponentsResolveCatalogIdsAndInlineItems()
    {
        var c = Assert.IsType<Computer>(Read("""
            name: Mixed server
            type: computer
            components:
              - { item: nvidia-h20, count: 8 }
              - item: { name: custom, type: integrated-circuit, performance: [{precision: int8, tops: 10}] }
                count: 1
            """));
        Assert.Equal("nvidia-h20", c.Components[0].Item.Id);
        Assert.Equal("custom", c.Components[1].Item.Name);
    }

    [Fact]
    public void UnknownCatalogIdInAComponentIsNamed()
    {
        var e = Fails("name: s\ntype: computer\ncomponents: [{item: nvidia-h2000, count: 8}]\n");
        Assert.Equal("components[0].item", e.FieldPath);
        Assert.Contains("unknown catalog id 'nvidia-h2000'", e.Problem);
    }

    [Fact]
    public void NegativeCountIsAnError() =>
        Assert.Equal("components[0].count", Fails("name: s\ntype: computer\ncomponents: [{item: nvidia-h20, count: -1}]\n").FieldPath);
}
