using ComputeGate.Domain.Items;
using ComputeGate.Formats;

namespace ComputeGate.Formats.Tests;

public class CatalogTests
{
    private static readonly Catalog Catalog = Catalog.Embedded();

    /// <summary>Other tools script against these ids (issue: classification, scope 4).</summary>
    [Theory]
    [InlineData("nvidia-a100-sxm nvidia-a800-sxm nvidia-h100-sxm nvidia-h100-pcie nvidia-h800-sxm nvidia-h20 nvidia-h200 nvidia-b200 nvidia-l20 nvidia-l40 nvidia-l40s nvidia-rtx-4090 nvidia-rtx-4090d nvidia-rtx-6000-ada nvidia-rtx-pro-6000 nvidia-rtx-5090 nvidia-rtx-5090d-v2 amd-mi250x amd-mi300x amd-mi325x amd-mi308x intel-gaudi2 intel-gaudi3 huawei-ascend-910b huawei-ascend-910c huawei-ascend-950pr nvidia-hgx-h100-8gpu nvidia-hgx-h20-8gpu huawei-cloudmatrix-384 hbm3-stack")]
    public void HasEveryRequiredId(string ids)
    {
        foreach (var id in ids.Split(' '))
        {
            Assert.Equal(id, Catalog.Get(id).Id);
        }
    }

    [Fact]
    public void EveryItemLoadsAndHasAtLeastThirty() => Assert.True(Catalog.All().Count >= 30);

    [Fact]
    public void HasModelWeightExamplesOpenAndClosed()
    {
        var weights = Catalog.All().OfType<ModelWeights>().ToList();
        Assert.Contains(weights, w => w.Published == true);
        Assert.Contains(weights, w => w.Published == false && w.TrainingOperations > 1e26m);
    }

    /// <summary>Every figure carries its source: each field present is covered by a `sources` key.</summary>
    [Fact]
    public void EveryFigureHasASource()
    {
        foreach (var item in Catalog.All())
        {
            var fields = item switch
            {
                IntegratedCircuit ic => new[]
                {
                    ic.Performance.Count > 0 ? "performance" : null,
                    ic.Dies is { Count: > 0 } ? "dies" : null,
                    ic.InterconnectGBps is null ? null : "interconnect_gbps",
                    ic.MemoryBandwidthGBps is null ? null : "memory_bandwidth_gbps",
                    ic.Datacenter is null ? null : "datacenter",
                },
                Computer => ["components"],
                HbmStack => ["memory_bandwidth_gbps", "package_area_mm2"],
                ModelWeights w => [w.TrainingOperations is null ? null : "training_operations"],
                _ => [],
            };
            foreach (var field in fields.OfType<string>())
            {
                Assert.True(item.Provenance.Sources.Keys.Any(k => FieldPath.Covers(field, k) || FieldPath.Covers(k, field)),
                    $"{item.Id}: no source for {field}");
            }
        }
    }
}
