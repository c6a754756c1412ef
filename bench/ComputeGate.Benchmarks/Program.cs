using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Running;
using ComputeGate.Domain.Classification;
using ComputeGate.Domain.Items;
using ComputeGate.Domain.Law;
using ComputeGate.Law;

BenchmarkSwitcher.FromAssembly(typeof(ClassificationBenchmarks).Assembly).Run(args);

/// <summary>Classification throughput: the per-item cost the order-decision pipeline will pay.</summary>
[MemoryDiagnoser]
public class ClassificationBenchmarks
{
    private static readonly DateOnly Date = new(2025, 6, 1);
    private Classifier _classifier = null!;
    private Item _h100 = null!;
    private Item _h20 = null!;
    private Item _ascend910 = null!;
    private Item _hgx = null!;
    private IReadOnlyList<Item> _all = null!;

    [GlobalSetup]
    public void Setup()
    {
        var catalog = Catalog.Embedded();
        _classifier = new Classifier(RuleBookLoader.Embedded());
        _h100 = catalog.Get("nvidia-h100-sxm");
        _h20 = catalog.Get("nvidia-h20");
        _ascend910 = catalog.Get("huawei-ascend-910");
        _hgx = catalog.Get("nvidia-hgx-h100-8gpu");
        _all = catalog.All();
    }

    [Benchmark(Description = "classify H100 (3A090.a.1)")]
    public ClassificationResult ClassifyH100() => _classifier.Classify(_h100, Date);

    [Benchmark(Description = "classify H20 (outside, with sensitivity)")]
    public ClassificationResult ClassifyH20() => _classifier.Classify(_h20, Date);

    [Benchmark(Description = "classify Ascend 910 (die area unknown)")]
    public ClassificationResult ClassifyUnknownArea() => _classifier.Classify(_ascend910, Date);

    [Benchmark(Description = "classify HGX H100 8-GPU (4A090)")]
    public ClassificationResult ClassifyServer() => _classifier.Classify(_hgx, Date);

    [Benchmark(Description = "headroom H20")]
    public HeadroomResult HeadroomH20() => Headroom.Of(_classifier, _h20, Date);

    [Benchmark(Description = "timeline H100")]
    public IReadOnlyList<TimelinePeriod> TimelineH100() => Timeline.Of(_classifier, _h100);

    [Benchmark(Description = "classify whole catalog (36 items)")]
    public int ClassifyCatalog()
    {
        var n = 0;
        foreach (var item in _all)
        {
            n += _classifier.Classify(item, Date).Reasons.Count;
        }

        return n;
    }
}

/// <summary>Start-up cost: parse the embedded law and catalog.</summary>
[MemoryDiagnoser]
public class LoadBenchmarks
{
    [Benchmark(Description = "load rules/*.yaml")]
    public RuleBook LoadRules() => RuleBookLoader.Embedded();

    [Benchmark(Description = "load and parse the catalog")]
    public int LoadCatalog() => Catalog.Embedded().All().Count;
}
